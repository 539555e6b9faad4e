package io.fleetstorm.metrics;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Histograms as text: base64 of HdrHistogram's compressed encoding (the hlog format's payload), exact both ways. */
public final class HistogramCodec {

    private HistogramCodec() {
    }

    /**
     * Encodes the histogram's values, not its layout: auto-resizing histograms that hold the same values can differ
     * in array size (by how they grew), so the values go into a fresh one first and equal histograms give equal text.
     */
    public static String encode(Histogram values) {
        Histogram h = new Histogram(values.getNumberOfSignificantValueDigits());
        for (HistogramIterationValue v : values.recordedValues()) {
            h.recordValueWithCount(v.getValueIteratedTo(), v.getCountAtValueIteratedTo());
        }
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Decodes a histogram, auto-resizing like fleetstorm's own so that others of any range can be added to it. It
     * keeps the encoded range, so encoding it again gives the same text.
     */
    public static Histogram decode(String base64) {
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
            decoded.setAutoResize(true);
            return decoded;
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }
}
