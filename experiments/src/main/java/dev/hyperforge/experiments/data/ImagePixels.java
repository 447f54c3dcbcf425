package dev.hyperforge.experiments.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/**
 * Decodes an image file (PNG, JPEG, GIF, BMP through {@code javax.imageio}; a GIF's first frame) into
 * channel values in [0, 255] and resizes them as TensorFlow's {@code tf.image.resize(..., "bilinear")} does
 * (half-pixel centres, no antialiasing), the resize of Keras' {@code image_dataset_from_directory}.
 *
 * <p>Grey images are read from their raster (8 or 16 bits), not through sRGB, so a stored grey value 128
 * stays 128. Colour images are read as 8-bit sRGB; {@code grayscale} turns them into ITU-R BT.601 luma
 * ({@code 0.299 R + 0.587 G + 0.114 B}, rounded); {@code rgb} repeats a grey value in all three channels;
 * {@code rgba} adds alpha (255 where the file has none).
 *
 * <pre>{@code
 * float[] hwc = ImagePixels.decode(bytes, 28, 28, 1);   // 28·28·1 values in [0, 255]
 * }</pre>
 */
final class ImagePixels {
    private ImagePixels() {
    }

    /**
     * Decodes and resizes.
     *
     * @param bytes the file's content
     * @param h target height
     * @param w target width
     * @param channels 1, 3 or 4
     * @return h·w·channels values in [0, 255], row-major, channels last
     * @throws IOException when the bytes are no image ImageIO can read, with the reason
     */
    static float[] decode(byte[] bytes, int h, int w, int channels) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            throw new IOException("corrupt image data (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (img == null) {
            throw new IOException("not a PNG, JPEG, GIF or BMP image (no image reader recognises its content)");
        }
        float[] native_ = channels(img, channels);
        return img.getHeight() == h && img.getWidth() == w ? native_ : resize(native_, img.getHeight(), img.getWidth(), channels, h, w);
    }

    /** The image's values at its own size, h·w·channels. */
    static float[] channels(BufferedImage img, int channels) {
        int h = img.getHeight();
        int w = img.getWidth();
        float[] out = new float[h * w * channels];
        boolean grey = img.getColorModel() instanceof ComponentColorModel cm && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (grey) {
            greyRaster(img.getRaster(), img.getColorModel().hasAlpha(), channels, out);
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                put(out, i, channels, (argb[i] >> 16) & 0xFF, (argb[i] >> 8) & 0xFF, argb[i] & 0xFF, (argb[i] >>> 24) & 0xFF);
            }
        }
        return out;
    }

    private static void greyRaster(Raster r, boolean alpha, int channels, float[] out) {
        int w = r.getWidth();
        int n = w * r.getHeight();
        float scale = 255f / ((1 << r.getSampleModel().getSampleSize(0)) - 1);
        for (int i = 0; i < n; i++) {
            float g = r.getSample(i % w, i / w, 0) * scale;
            float a = alpha ? r.getSample(i % w, i / w, 1) * scale : 255f;
            if (channels == 1) {
                out[i] = g;
            } else {
                out[i * channels] = g;
                out[i * channels + 1] = g;
                out[i * channels + 2] = g;
                if (channels == 4) {
                    out[i * channels + 3] = a;
                }
            }
        }
    }

    private static void put(float[] out, int i, int channels, int r, int g, int b, int a) {
        if (channels == 1) {
            out[i] = Math.round(0.299f * r + 0.587f * g + 0.114f * b);
            return;
        }
        out[i * channels] = r;
        out[i * channels + 1] = g;
        out[i * channels + 2] = b;
        if (channels == 4) {
            out[i * channels + 3] = a;
        }
    }

    /** Bilinear resize with half-pixel centres (TensorFlow's {@code resize_bilinear}, {@code half_pixel_centers=True}). */
    static float[] resize(float[] in, int inH, int inW, int c, int h, int w) {
        float[] out = new float[h * w * c];
        int[][] ys = weights(inH, h);
        int[][] xs = weights(inW, w);
        float sy = (float) inH / h;
        float sx = (float) inW / w;
        for (int y = 0; y < h; y++) {
            float fy = lerp(y, sy);
            for (int x = 0; x < w; x++) {
                float fx = lerp(x, sx);
                for (int k = 0; k < c; k++) {
                    float top = mix(in[(ys[y][0] * inW + xs[x][0]) * c + k], in[(ys[y][0] * inW + xs[x][1]) * c + k], fx);
                    float bottom = mix(in[(ys[y][1] * inW + xs[x][0]) * c + k], in[(ys[y][1] * inW + xs[x][1]) * c + k], fx);
                    out[(y * w + x) * c + k] = mix(top, bottom, fy);
                }
            }
        }
        return out;
    }

    private static int[][] weights(int inSize, int outSize) {
        float scale = (float) inSize / outSize;
        int[][] lu = new int[outSize][2];
        for (int i = 0; i < outSize; i++) {
            float in = (i + 0.5f) * scale - 0.5f;
            lu[i][0] = Math.max((int) Math.floor(in), 0);
            lu[i][1] = Math.min((int) Math.ceil(in), inSize - 1);
        }
        return lu;
    }

    private static float lerp(int i, float scale) {
        float in = (i + 0.5f) * scale - 0.5f;
        return in - (float) Math.floor(in);
    }

    private static float mix(float a, float b, float t) {
        return a + (b - a) * t;
    }
}
