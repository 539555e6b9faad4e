package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one {@code deviceName,devicePsk} reader: what it accepts, and each refusal with line and column. */
class PskCsvTest {

    private static final String PSK = Base64.getEncoder().encodeToString("secret-key-12345".getBytes(
            StandardCharsets.US_ASCII));

    private static Map<String, PskCsv.Row> read(String text) throws Exception {
        return PskCsv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "d.csv");
    }

    private static List<String> problems(byte[] bytes) {
        try {
            PskCsv.read(new ByteArrayInputStream(bytes), "d.csv");
        } catch (PskCsv.InvalidCsvException e) {
            return e.problems();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted");
    }

    @Test
    void theConsoleExportIsReadWithHeaderCommentsQuotesAndCrLf() throws Exception {
        Map<String, PskCsv.Row> rows = read("\uFEFFdeviceName,devicePsk\r\n# exported today\r\n\r\n"
                + "dev001," + PSK + "\r\n\"dev002\",\"" + PSK + "\"\r\n dev:003 , " + PSK);
        assertThat(rows.keySet()).containsExactly("dev001", "dev002", "dev:003");
        assertThat(rows.get("dev002").psk()).isEqualTo("secret-key-12345".getBytes(StandardCharsets.US_ASCII));
        assertThat(rows.get("dev002").line()).isEqualTo(5);
        assertThat(rows.get("dev001").pskBase64()).isEqualTo(PSK);
        assertThat(rows.get("dev001").toString()).doesNotContain(PSK);
    }

    @Test
    void aFileWithoutHeaderIsFine() throws Exception {
        assertThat(read("d1," + PSK + "\n").keySet()).containsExactly("d1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one field       | d1               | d.csv:1:3: expected 2 fields deviceName,devicePsk, but found 1",
        "three fields    | d1,c2VjcmV0,x    | d.csv:1:13: expected 2 fields deviceName,devicePsk, but found 3",
        "bad device name | 'd 1,c2VjcmV0'   | d.csv:1:1: deviceName must match [A-Za-z0-9:_-]{1,48}, but was 'd 1'",
        "not base64      | d1,not base64!   | d.csv:1:4: devicePsk must be standard base64 (value not shown)",
        "empty psk       | 'd1,'            | d.csv:1:4: devicePsk must decode to 1..64 bytes, but decodes to 0",
        "open quote      | '\"d1,c2VjcmV0'  | d.csv:1:1: has a quote that is not closed",
        "only a header   | deviceName,devicePsk | d.csv:1:1: has no deviceName,devicePsk rows"})
    void everyRefusalHasLineAndColumnAndNeverThePsk(String what, String line, String expected) {
        assertThat(problems((line + "\n").getBytes(StandardCharsets.UTF_8))).containsExactly(expected);
    }

    @Test
    void duplicatesAreRefusedWithTheFirstLine() {
        assertThat(problems(("a," + PSK + "\nb," + PSK + "\na," + PSK + "\n").getBytes(StandardCharsets.UTF_8)))
                .containsExactly("d.csv:3:1: device a is listed twice (first at line 1)");
    }

    @Test
    void everyProblemIsListedUpToALimitThenCounted() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            sb.append("d").append(i).append(",!!\n");
        }
        List<String> problems = problems(sb.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(problems).hasSize(21).endsWith("d.csv: ... and 10 more problem(s)");
    }

    @Test
    void invalidUtf8AndOverlongRowsAreBoundedProblems() {
        byte[] latin1 = ("caf\u00e9," + PSK + "\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(problems(latin1)).containsExactly("d.csv:1:1: is not valid UTF-8");
        byte[] longRow = ("d1," + "A".repeat(10_000) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(problems(longRow)).containsExactly("d.csv:1:1: the row is longer than 1024 characters");
    }

    @Test
    void aMissingFileIsOneLine() {
        assertThatThrownBy(() -> PskCsv.read(java.nio.file.Path.of("/nonexistent/d.csv")))
                .isInstanceOf(PskCsv.InvalidCsvException.class)
                .hasMessage("/nonexistent/d.csv: cannot read the file (NoSuchFileException)");
    }
}
