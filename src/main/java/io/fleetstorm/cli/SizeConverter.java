package io.fleetstorm.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A size in bytes: {@code 1048576}, {@code 512KB}, {@code 64MB}, {@code 2GB} (binary multiples). */
final class SizeConverter implements ITypeConverter<Long> {

    private static final Pattern FORM = Pattern.compile("(\\d{1,15})\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + (value.length() > 32 ? value.substring(0, 29) + "..." : value)
                    + "' is not a size: use bytes or a number with KB, MB or GB, e.g. 64MB");
        }
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        if (v > (Long.MAX_VALUE >> shift)) {
            throw new TypeConversionException("'" + value + "' is too large");
        }
        return v << shift;
    }
}
