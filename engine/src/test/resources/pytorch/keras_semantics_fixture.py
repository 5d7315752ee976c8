#!/usr/bin/env python3
"""Writes keras_semantics_fixture.json: an independent implementation, in PyTorch (Debian's
python3-torch), of a small training program with Keras's semantics, for
dev.tensorlane.models.PyTorchFixtureTest. Tests never run this script; they read its output.

Program: x (8 × 4), y (8 × 2);  Dense(3, kernel ones, no bias) -> BatchNormalization (momentum 0.99,
epsilon 1e-3, biased batch variance in training and in the moving variance, as Keras) ->
Dense(2, linear, the kernel below, bias zeros); loss mean_squared_error; SGD(lr 0.1, momentum 0.9);
batch 4, no shuffling, 3 epochs. Recorded: each epoch's mean training loss, the evaluation loss
(moving statistics) and every weight at the end, in Keras's order.

Run: python3 engine/src/test/resources/pytorch/keras_semantics_fixture.py
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)  # the reference in double; Tensorlane runs float32

x = torch.tensor([[((i * 4 + j) % 7 - 3) / 3.0 + 0.1 * i for j in range(4)] for i in range(8)])
y = torch.tensor([[0.5 * x[i, 0] - x[i, 2] + 0.2, x[i, 1] * x[i, 3]] for i in range(8)])
# the inputs as float32 holds them, so that both sides start from the same numbers
x = x.float().double()
y = y.float().double()
kernel2_init = torch.tensor([[0.5, -0.25], [0.1, 0.3], [-0.4, 0.2]]).float().double().tolist()

k1 = torch.ones(4, 3, requires_grad=True)
gamma = torch.ones(3, requires_grad=True)
beta = torch.zeros(3, requires_grad=True)
moving_mean = torch.zeros(3)
moving_var = torch.ones(3)
k2 = torch.tensor(kernel2_init, requires_grad=True)
b2 = torch.zeros(2, requires_grad=True)
params = [k1, gamma, beta, k2, b2]
velocity = [torch.zeros_like(p) for p in params]
lr, momentum_sgd, bn_momentum, eps = 0.1, 0.9, 0.99, 1e-3


def forward(xb, training):
    global moving_mean, moving_var
    h = xb @ k1
    if training:
        mean = h.mean(0)
        var = h.var(0, unbiased=False)
        with torch.no_grad():
            moving_mean = moving_mean * bn_momentum + mean * (1 - bn_momentum)
            moving_var = moving_var * bn_momentum + var * (1 - bn_momentum)
    else:
        mean, var = moving_mean, moving_var
    z = gamma * (h - mean) / torch.sqrt(var + eps) + beta
    return z @ k2 + b2


losses = []
for epoch in range(3):
    batch_losses = []
    for start in range(0, 8, 4):
        xb, yb = x[start:start + 4], y[start:start + 4]
        loss = ((forward(xb, True) - yb) ** 2).mean()
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p, v in zip(params, velocity):
                # Keras's SGD with momentum: v = momentum·v − lr·g; w += v
                v.mul_(momentum_sgd).sub_(lr * p.grad)
                p.add_(v)
        batch_losses.append(loss.item())
    losses.append(sum(batch_losses) / len(batch_losses))

with torch.no_grad():
    evaluation = ((forward(x, False) - y) ** 2).mean().item()

fixture = {
    "program": "Dense(3, ones, no bias) -> BatchNormalization -> Dense(2) ; mse ; SGD(0.1, momentum 0.9) ; batch 4, no shuffle",
    "torch_version": torch.__version__,
    "x": x.tolist(),
    "y": y.tolist(),
    "kernel2_init": kernel2_init,
    "epoch_losses": losses,
    "evaluation_loss": evaluation,
    "weights": {
        "dense/kernel": k1.detach().flatten().tolist(),
        "batch_normalization/gamma": gamma.detach().tolist(),
        "batch_normalization/beta": beta.detach().tolist(),
        "batch_normalization/moving_mean": moving_mean.tolist(),
        "batch_normalization/moving_variance": moving_var.tolist(),
        "dense_1/kernel": k2.detach().flatten().tolist(),
        "dense_1/bias": b2.detach().tolist(),
    },
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras_semantics_fixture.json")
with open(out, "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
print("wrote", out, "epoch losses", losses)
