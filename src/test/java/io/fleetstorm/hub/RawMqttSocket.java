package io.fleetstorm.hub;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A socket that writes MQTT packets byte by byte, for tests that pin exact bytes or must not send PINGREQs.
 */
final class RawMqttSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    RawMqttSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
    }

    /** A CONNECT with MQTT 3.1.1 ("MQTT", level 4) or 3.1 ("MQIsdp", level 3). */
    static byte[] connect(int level, String clientId, String userName, String password, int keepAlive,
            boolean cleanSession, boolean will) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, level == 3 ? "MQIsdp" : "MQTT");
        body.write(level);
        int flags = (cleanSession ? 0x02 : 0) | (will ? 0x04 : 0) | (userName != null ? 0x80 : 0)
                | (password != null ? 0x40 : 0);
        body.write(flags);
        body.write(keepAlive >> 8);
        body.write(keepAlive & 0xff);
        writeString(body, clientId);
        if (will) {
            writeString(body, "will/topic");
            writeString(body, "bye");
        }
        if (userName != null) {
            writeString(body, userName);
        }
        if (password != null) {
            writeString(body, password);
        }
        return packet(0x10, body.toByteArray());
    }

    static byte[] publish(String topic, int qos, int packetId, byte[] payload, boolean retain) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xff);
        }
        body.writeBytes(payload);
        return packet(0x30 | (qos << 1) | (retain ? 1 : 0), body.toByteArray());
    }

    static byte[] subscribe(int packetId, String filter, int qos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        writeString(body, filter);
        body.write(qos);
        return packet(0x82, body.toByteArray());
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads one whole packet (fixed header included). */
    byte[] readPacket() throws IOException {
        int first = in.readUnsignedByte();
        int length = 0;
        int multiplier = 1;
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(first);
        int b;
        do {
            b = in.readUnsignedByte();
            header.write(b);
            length += (b & 0x7f) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        byte[] rest = new byte[length];
        in.readFully(rest);
        header.writeBytes(rest);
        return header.toByteArray();
    }

    /** Waits until the hub closes the connection; returns the milliseconds it took, or -1 on timeout. */
    long awaitClosedMillis(int timeoutMs) throws IOException {
        long start = System.nanoTime();
        socket.setSoTimeout(timeoutMs);
        InputStream raw = socket.getInputStream();
        try {
            while (raw.read() >= 0) {
                // discard whatever arrives until the close
            }
            return (System.nanoTime() - start) / 1_000_000;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return (System.nanoTime() - start) / 1_000_000; // reset counts as closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }
}
