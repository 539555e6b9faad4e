package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtaMessagesTest {
    private static final String MD5 = "5eb63bbbe01eeed093cb22bb8f5acdc3";
    private static final String URL = "https://ota.example.com/fw/1.3.0.bin?sign=a%2Fb&t=1";

    @Test
    void reportVersionAsTheSdkSendsIt() {
        assertThat(OtaMessages.reportVersion("1.0.0"))
                .isEqualTo("{\"type\": \"report_version\", \"report\":{\"version\":\"1.0.0\"}}");
    }

    @Test
    void reportVersionAnswer() {
        assertThat(OtaMessages.reportVersionRsp("1.0.0")).isEqualTo(
                "{\"result_code\":0,\"result_msg\":\"success\",\"type\":\"report_version_rsp\",\"version\":\"1.0.0\"}");
    }

    @Test
    void upgradeCommandKeepsTheUrlVerbatim() {
        assertThat(OtaMessages.updateFirmware(175436, MD5, URL, "1.3.0")).isEqualTo(
                "{\"file_size\":175436,\"md5sum\":\"" + MD5 + "\",\"type\":\"update_firmware\",\"url\":\"" + URL
                        + "\",\"version\":\"1.3.0\"}");
    }

    @Test
    void progressReportSendsNumbersAsStrings() {
        assertThat(OtaMessages.reportProgress("downloading", 31, 0, "", "1.3.0")).isEqualTo(
                "{\"type\": \"report_progress\", \"report\": {\"progress\": {\"state\":\"downloading\","
                        + " \"percent\":\"31\", \"result_code\":\"0\", \"result_msg\":\"\"},"
                        + " \"version\": \"1.3.0\"}}");
        assertThat(OtaMessages.downloading(31, "1.3.0"))
                .isEqualTo(OtaMessages.reportProgress("downloading", 31, 0, "", "1.3.0"));
    }

    @Test
    void doneAndFailUseTheSameShape() {
        assertThat(OtaMessages.done("1.3.0")).isEqualTo(
                "{\"type\": \"report_progress\", \"report\": {\"progress\": {\"state\":\"done\","
                        + " \"percent\":\"100\", \"result_code\":\"0\", \"result_msg\":\"\"},"
                        + " \"version\": \"1.3.0\"}}");
        assertThat(OtaMessages.fail(42, OtaMessages.RESULT_MD5_MISMATCH, "md5 \"mismatch\"", "1.3.0")).isEqualTo(
                "{\"type\": \"report_progress\", \"report\": {\"progress\": {\"state\":\"fail\","
                        + " \"percent\":\"42\", \"result_code\":\"-4\", \"result_msg\":\"md5 \\\"mismatch\\\"\"},"
                        + " \"version\": \"1.3.0\"}}");
    }

    @Test
    void failureCodes() {
        assertThat(OtaMessages.RESULT_DOWNLOAD_TIMEOUT).isEqualTo(-1);
        assertThat(OtaMessages.RESULT_FILE_NOT_FOUND).isEqualTo(-2);
        assertThat(OtaMessages.RESULT_AUTH_FAILED).isEqualTo(-3);
        assertThat(OtaMessages.RESULT_MD5_MISMATCH).isEqualTo(-4);
        assertThat(OtaMessages.RESULT_UPGRADE_FAILED).isEqualTo(-5);
    }

    @Test
    void reportsParseBack() throws ProtocolException {
        assertThat(OtaReport.parse(OtaMessages.reportVersion("1.0.0")))
                .isEqualTo(new OtaReport("report_version", "1.0.0", null, null, null, null));
        assertThat(OtaReport.parse(OtaMessages.reportVersion("1.0.0")).isVersionReport()).isTrue();
        assertThat(OtaReport.parse(OtaMessages.burning("1.3.0")))
                .isEqualTo(new OtaReport("report_progress", "1.3.0", "burning", 100, 0, ""));
        assertThat(OtaReport.parse(OtaMessages.fail(3, -1, "timeout", "1.3.0")))
                .isEqualTo(new OtaReport("report_progress", "1.3.0", "fail", 3, -1, "timeout"));
    }

    @Test
    void progressNumbersMayAlsoBeJsonNumbers() throws ProtocolException {
        String json = "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"downloading\","
                + "\"percent\":31,\"result_code\":0},\"version\":\"1.3.0\"}}";
        assertThat(OtaReport.parse(json)).isEqualTo(new OtaReport("report_progress", "1.3.0", "downloading", 31, 0,
                null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(value = {
        "x | OTA report is not a JSON object: x",
        "{\"type\":\"report_x\"} | OTA report \"type\" must be report_version or report_progress, but was \"report_x\"",
        "{\"type\":\"report_version\"} | OTA report has no \"report\"",
        "{\"type\":\"report_version\",\"report\":{}} | OTA report report has no \"version\"",
        "{\"type\":\"report_progress\",\"report\":{\"version\":\"1\"}} | OTA report report has no \"progress\"",
        "{\"type\":\"report_progress\",\"report\":{\"version\":\"1\",\"progress\":{\"state\":\"done\","
                + "\"percent\":\"x\"}}} | OTA report progress \"percent\" must be an integer, but was \"x\"",
        "{\"type\":\"report_progress\",\"report\":{\"version\":\"1\",\"progress\":{\"state\":\"done\","
                + "\"percent\":\"101\"}}} | OTA report progress \"percent\" must be between 0 and 100, but was 101",
    }, delimiter = '|')
    void rejectsMalformedReports(String json, String message) {
        assertThatThrownBy(() -> OtaReport.parse(json)).isInstanceOf(ProtocolException.class).hasMessage(message);
    }

    @Test
    void firmwareCommandRoundTrip() throws ProtocolException {
        FirmwareCommand cmd = FirmwareCommand.parse(OtaMessages.updateFirmware(175436, MD5, URL, "1.3.0"));
        assertThat(cmd).isEqualTo(new FirmwareCommand(175436, MD5, URL, "1.3.0"));
        assertThat(cmd.encode()).isEqualTo(OtaMessages.updateFirmware(175436, MD5, URL, "1.3.0"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(value = {
        "{\"type\":\"report_version_rsp\"} | firmware command \"type\" must be update_firmware,"
                + " but was \"report_version_rsp\"",
        "{\"type\":\"update_firmware\"} | firmware command has no \"file_size\"",
        "{\"type\":\"update_firmware\",\"file_size\":-1} | firmware command \"file_size\" must be >= 0, but was -1",
        "{\"type\":\"update_firmware\",\"file_size\":1} | firmware command has no \"md5sum\"",
        "{\"type\":\"update_firmware\",\"file_size\":1,\"md5sum\":\"m\",\"url\":\"u\"} | firmware command has no"
                + " \"version\"",
    }, delimiter = '|')
    void rejectsMalformedFirmwareCommands(String json, String message) {
        assertThatThrownBy(() -> FirmwareCommand.parse(json)).isInstanceOf(ProtocolException.class)
                .hasMessage(message);
    }
}
