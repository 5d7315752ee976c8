package dev.tensorlane.samples.plot;

import java.awt.Color;

/** seaborn's {@code deep} palette, for series without a colour of their own. */
public final class Palette {

    private static final Color[] DEEP = {
            new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
            new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C),
            new Color(0xCCB974), new Color(0x64B5CD)};

    private Palette() {
    }

    /** The i-th colour, cycling. */
    public static Color deep(int i) {
        return DEEP[Math.floorMod(i, DEEP.length)];
    }
}
