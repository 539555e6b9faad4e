package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Remote configuration (addendum section 13) and resource (section 14) messages. */
class ConfigAndResourceMessagesTest {

    @Test
    void configGetReplyPushAndDisabled() throws ProtocolException {
        assertThat(ConfigMessages.get()).isEqualTo("{\"type\":\"get\"}");
        assertThat(ConfigMessages.reply("{\"a\":1}"))
                .isEqualTo("{\"type\":\"reply\",\"result\":0,\"payload\":{\"a\":1}}");
        assertThat(ConfigMessages.push("{\"a\":1}"))
                .isEqualTo("{\"type\":\"push\",\"result\":0,\"payload\":{\"a\":1}}");
        assertThat(ConfigMessages.disabled()).isEqualTo("{\"type\":\"reply\",\"result\":1001,\"payload\":{}}");
        ConfigMessage m = ConfigMessage.parse(ConfigMessages.reply("{\"a\":1}"));
        assertThat(m.type()).isEqualTo("reply");
        assertThat(m.result()).isZero();
        assertThat(m.payload().getInteger("a")).isEqualTo(1);
    }

    @Test
    void configMustBeAnObjectOfAtMost128Kilobytes() {
        assertThat(ConfigMessages.checkConfig(" { \"a\" : 1 } ")).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> ConfigMessages.checkConfig("[1]"))
                .hasMessage("must be a JSON object, but was \"[1]\"");
        assertThatThrownBy(() -> ConfigMessages.checkConfig("")).hasMessage("must be a JSON object, but was empty");
        String big = "{\"a\":\"" + "x".repeat(128 * 1024) + "\"}";
        assertThatThrownBy(() -> ConfigMessages.checkConfig(big))
                .hasMessage("must be at most 131072 bytes, but was 131080");
    }

    @Test
    void uploadRequestIsTheCSdkFormat() throws ProtocolException {
        String req = ResourceMessages.createUploadTask(12, "log.txt", "0123456789abcdef0123456789abcdef");
        assertThat(req).isEqualTo("{\"type\": \"create_upload_task\",\"size\": 12,\"name\": \"log.txt\","
                + "\"md5sum\": \"0123456789abcdef0123456789abcdef\"}");
        ResourceMessage m = ResourceMessage.parse(req);
        assertThat(m.type()).isEqualTo("create_upload_task");
        assertThat(m.size()).isEqualTo(12L);
        assertThat(m.name()).isEqualTo("log.txt");
    }

    @Test
    void progressAndResultReports() throws ProtocolException {
        assertThat(ResourceMessages.progress(true, "f", 40)).isEqualTo("{\"type\":\"report_upload_progress\","
                + "\"name\":\"f\",\"progress\":{\"percent\":40,\"state\":\"uploading\",\"result_code\":0,"
                + "\"result_msg\":\"\"}}");
        assertThat(ResourceMessages.result(false, "f", -4)).isEqualTo("{\"type\":\"report_download_progress\","
                + "\"name\":\"f\",\"progress\":{\"state\":\"fail\",\"result_code\":-4,"
                + "\"result_msg\":\"md5sum not matched\"}}");
        ResourceMessage done = ResourceMessage.parse(ResourceMessages.result(true, "f", 0));
        assertThat(done.state()).isEqualTo("done");
        assertThat(done.resultCode()).isZero();
        ResourceMessage legacy = ResourceMessage.parse(
                "{\"type\":\"upload_result\",\"report\":{\"progress\":{\"result_code\":\"-1\"}}}");
        assertThat(legacy.resultCode()).isEqualTo(-1);
    }

    @Test
    void cloudAnswers() throws ProtocolException {
        String rsp = ResourceMessages.createUploadTaskRsp(12, "log.txt", "ab", "http://h/u");
        assertThat(rsp).isEqualTo("{\"type\":\"create_upload_task_rsp\",\"size\":12,\"name\":\"log.txt\","
                + "\"md5sum\":\"ab\",\"url\":\"http://h/u\"}");
        assertThat(ResourceMessage.parse(rsp).url()).isEqualTo("http://h/u");
        assertThat(ResourceMessages.rsp(ResourceMessages.TYPE_UPLOAD_PROGRESS_RSP, 0, "ok"))
                .isEqualTo("{\"type\":\"report_upload_progress_rsp\",\"result_code\":0,\"result_msg\":\"ok\"}");
        assertThat(ResourceMessages.getDownloadTask()).isEqualTo("{\"type\": \"get_download_task\"}");
    }
}
