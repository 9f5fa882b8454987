package redreg.tasks.internal.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import redreg.api.ConfigException;

/**
 * Video frames: JPEG decoding ({@code javax.imageio}), torchvision-style resizing (PIL's antialiased bilinear),
 * {@code RandomResizedCrop(scale (0.08, 1), ratio (3/4, 4/3))}, horizontal flip and ImageNet normalisation.
 */
public final class Frames {
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private Frames() {
    }

    /** The one-line problem of the first frame that is not a readable JPEG, or null when all are. */
    public static String firstBroken(java.util.List<Path> jpegs) {
        for (Path p : jpegs) {
            try {
                checkJpeg(p);
            } catch (ConfigException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /** Cheap validity check at load time: the file exists and is framed by the JPEG SOI/EOI markers. */
    public static void checkJpeg(Path file) {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            if (size < 4) {
                throw new ConfigException(file + ": corrupt JPEG (" + size + " bytes; expected a JPEG image)");
            }
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(2);
            ch.read(head);
            if ((head.get(0) & 0xFF) != 0xFF || (head.get(1) & 0xFF) != 0xD8) {
                throw new ConfigException(file + ": corrupt JPEG (no start-of-image marker FFD8)");
            }
            int tailLen = (int) Math.min(size - 2, 64);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(tailLen);
            ch.position(size - tailLen);
            while (tail.hasRemaining() && ch.read(tail) > 0) {
                // fill
            }
            byte[] b = tail.array();
            int end = b.length;
            while (end > 2 && b[end - 1] == 0) {
                end--;
            }
            if (end < 2 || (b[end - 2] & 0xFF) != 0xFF || (b[end - 1] & 0xFF) != 0xD9) {
                throw new ConfigException(file + ": corrupt JPEG (truncated: no end-of-image marker FFD9)");
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found (expected a JPEG frame)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (expected a JPEG frame): " + e.getMessage());
        }
    }

    /** Decodes an image as [3][H·W] RGB in [0, 1]. */
    public static float[][] decode(Path file) {
        checkJpeg(file);
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file + ": corrupt JPEG (" + e.getMessage() + ")");
        }
        if (img == null) {
            throw new ConfigException(file + ": not a readable image (expected a JPEG frame)");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[][] rgb = new float[3][w * h];
        for (int i = 0; i < argb.length; i++) {
            rgb[0][i] = ((argb[i] >> 16) & 0xFF) / 255f;
            rgb[1][i] = ((argb[i] >> 8) & 0xFF) / 255f;
            rgb[2][i] = (argb[i] & 0xFF) / 255f;
        }
        return new float[][] {rgb[0], rgb[1], rgb[2], {w, h}};
    }

    /**
     * One frame as [3, size, size], ImageNet-normalised, written into {@code out} at {@code offset}: evaluation
     * resizes the whole frame ({@code Resize((size, size))}); training takes a random resized crop and flips it
     * with probability 1/2.
     */
    public static void frame(Path file, int size, boolean training, Random random, float[] out, int offset) {
        float[][] img = decode(file);
        int w = (int) img[3][0];
        int h = (int) img[3][1];
        double x0 = 0;
        double y0 = 0;
        double cw = w;
        double ch = h;
        boolean flip = false;
        if (training) {
            int[] crop = randomResizedCrop(w, h, random);
            x0 = crop[0];
            y0 = crop[1];
            cw = crop[2];
            ch = crop[3];
            flip = random.nextBoolean();
        }
        for (int c = 0; c < 3; c++) {
            float[] plane = resize(img[c], w, h, x0, y0, cw, ch, size, size);
            int base = offset + c * size * size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = plane[y * size + (flip ? size - 1 - x : x)];
                    out[base + y * size + x] = (v - MEAN[c]) / STD[c];
                }
            }
        }
    }

    /** torchvision's RandomResizedCrop.get_params: {x, y, w, h}. */
    static int[] randomResizedCrop(int width, int height, Random random) {
        double area = (double) width * height;
        double logLo = Math.log(3.0 / 4);
        double logHi = Math.log(4.0 / 3);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (0.08 + random.nextDouble() * 0.92);
            double aspect = Math.exp(logLo + random.nextDouble() * (logHi - logLo));
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                return new int[] {random.nextInt(width - w + 1), random.nextInt(height - h + 1), w, h};
            }
        }
        double ratio = (double) width / height;
        int w = width;
        int h = height;
        if (ratio < 3.0 / 4) {
            h = (int) Math.round(w / (3.0 / 4));
        } else if (ratio > 4.0 / 3) {
            w = (int) Math.round(h * (4.0 / 3));
        }
        return new int[] {(width - w) / 2, (height - h) / 2, w, h};
    }

    /** PIL-style bilinear resampling (triangle filter widened by the scale when shrinking) of a crop. */
    static float[] resize(float[] src, int w, int h, double x0, double y0, double cw, double ch, int outW, int outH) {
        float[] tmp = new float[h * outW];
        for (int y = 0; y < h; y++) {
            resample1d(src, y * w, 1, w, x0, cw, tmp, y * outW, 1, outW);
        }
        float[] out = new float[outH * outW];
        for (int x = 0; x < outW; x++) {
            resample1d(tmp, x, outW, h, y0, ch, out, x, outW, outH);
        }
        return out;
    }

    private static void resample1d(float[] in, int inOff, int inStride, int inLen, double start, double len,
                                   float[] out, int outOff, int outStride, int outLen) {
        double scale = len / outLen;
        double support = Math.max(1.0, scale);
        for (int o = 0; o < outLen; o++) {
            double center = start + (o + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(center - support));
            int hi = Math.min(inLen - 1, (int) Math.ceil(center + support));
            double acc = 0;
            double norm = 0;
            for (int i = lo; i <= hi; i++) {
                double wgt = 1 - Math.abs((i + 0.5 - center) / support);
                if (wgt > 0) {
                    acc += wgt * in[inOff + i * inStride];
                    norm += wgt;
                }
            }
            out[outOff + o * outStride] = (float) (norm > 0 ? acc / norm
                    : in[inOff + Math.min(inLen - 1, Math.max(0, (int) center)) * inStride]);
        }
    }
}
