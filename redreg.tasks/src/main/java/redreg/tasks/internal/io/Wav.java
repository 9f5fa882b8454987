package redreg.tasks.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import redreg.api.ConfigException;

/**
 * RIFF/WAVE files: PCM 8/16/24/32-bit and IEEE float 32/64-bit (also in WAVE_FORMAT_EXTENSIBLE), any channel
 * count, averaged to mono and scaled to [−1, 1) like soundfile/librosa ({@code int16 / 32768}).
 */
public final class Wav {
    private Wav() {
    }

    /** @param samples mono samples in [−1, 1) */
    public record Audio(int sampleRate, int channels, float[] samples) {
    }

    public static Audio read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found (expected a RIFF/WAVE audio file)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (expected a RIFF/WAVE audio file): " + e.getMessage());
        }
        return parse(bytes, file.toString());
    }

    public static Audio parse(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE")) {
            throw new ConfigException(name + ": not a RIFF/WAVE file (expected 'RIFF'…'WAVE' at the start)");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = new String(bytes, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > bytes.length) {
                    throw new ConfigException(name + ": corrupt WAVE file (truncated 'fmt ' chunk)");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
                if (format == 0xFFFE && size >= 40 && body + 26 <= bytes.length) {
                    format = b.getShort(body + 24) & 0xFFFF; // sub-format GUID starts with the format code
                }
            } else if (id.equals("data")) {
                if (format < 0) {
                    throw new ConfigException(name + ": corrupt WAVE file (the 'data' chunk comes before 'fmt ')");
                }
                long available = bytes.length - body;
                if (size > available) {
                    if (size == 0xFFFFFFFFL || size == 0) {
                        size = available; // streaming writers leave the size unset
                    } else {
                        throw new ConfigException(name + ": truncated WAVE file (the 'data' chunk declares " + size
                                + " bytes, the file has " + available + ")");
                    }
                }
                return decode(b, body, (int) size, format, channels, rate, bits, name);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new ConfigException(name + ": corrupt WAVE file (no 'data' chunk" + (format < 0 ? " and no 'fmt ' chunk)" : ")"));
    }

    private static Audio decode(ByteBuffer b, int at, int size, int format, int channels, int rate, int bits,
                                String name) {
        boolean pcm = format == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean flt = format == 3 && (bits == 32 || bits == 64);
        if (!pcm && !flt) {
            throw new ConfigException(name + ": unsupported WAVE encoding (format " + format + ", " + bits
                    + " bits; expected PCM 8/16/24/32-bit or float 32/64-bit)");
        }
        if (channels < 1 || rate < 1) {
            throw new ConfigException(name + ": corrupt WAVE file (" + channels + " channels at " + rate + " Hz)");
        }
        int width = bits / 8;
        int frames = size / (width * channels);
        if (frames == 0) {
            throw new ConfigException(name + ": empty WAVE file (no samples in the 'data' chunk)");
        }
        float[] out = new float[frames];
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int p = at + (i * channels + c) * width;
                double v;
                if (flt) {
                    v = bits == 32 ? b.getFloat(p) : b.getDouble(p);
                } else {
                    v = switch (bits) {
                        case 8 -> ((b.get(p) & 0xFF) - 128) / 128.0;
                        case 16 -> b.getShort(p) / 32768.0;
                        case 24 -> (((b.get(p + 2)) << 16) | ((b.get(p + 1) & 0xFF) << 8) | (b.get(p) & 0xFF)) / 8388608.0;
                        default -> b.getInt(p) / 2147483648.0;
                    };
                }
                sum += v;
            }
            out[i] = (float) (sum / channels);
        }
        return new Audio(rate, channels, out);
    }

    private static boolean tag(byte[] b, int at, String t) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != t.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
