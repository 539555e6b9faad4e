package io.fleetstorm.hub;

import io.fleetstorm.protocol.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A non-blocking MQTT client on a raw Vert.x socket, for tests that offer hundreds of connects or thousands of
 * packets a second and time each answer: it writes the packets of {@link RawMqttSocket} and records every packet it
 * receives with the time it arrived. Written on its socket's event loop, read from any thread.
 */
final class RawMqttClient {

    /** One packet from the hub: its type (high nibble of the first byte), packet id or return code, arrival time. */
    record Received(int type, int packetIdOrCode, long nanos) {
    }

    final Queue<Received> received = new ConcurrentLinkedQueue<>();
    volatile boolean closed;
    /** Called on the socket's event loop with every packet received, after it is recorded. */
    volatile java.util.function.Consumer<Received> listener = r -> { };
    private final NetSocket socket;
    private Buffer pending = Buffer.buffer();

    private RawMqttClient(NetSocket socket) {
        this.socket = socket;
        socket.handler(this::onData);
        socket.closeHandler(v -> closed = true);
    }

    static Future<RawMqttClient> connect(NetClient client, int port) {
        return client.connect(port, "127.0.0.1").map(RawMqttClient::new);
    }

    /** A CONNECT signed as the Java SDK signs, clean session, keepalive 60 s. */
    static byte[] connectPacket(DeviceId id) {
        String userName = TestDevices.userName(id);
        return RawMqttSocket.connect(4, id.clientId(), userName, TestDevices.password(id, userName), 60, true, false);
    }

    void write(byte[] packet) {
        socket.write(Buffer.buffer(packet));
    }

    Future<Void> close() {
        return socket.close();
    }

    /** The first received packet of a type, or null. */
    Received first(int type) {
        for (Received r : received) {
            if (r.type() == type) {
                return r;
            }
        }
        return null;
    }

    long count(int type) {
        return received.stream().filter(r -> r.type() == type).count();
    }

    private void onData(Buffer data) {
        long now = System.nanoTime();
        pending = pending.length() == 0 ? data : pending.appendBuffer(data);
        int pos = 0;
        while (true) {
            int length = 0;
            int multiplier = 1;
            int i = pos + 1;
            boolean complete = false;
            while (i < pending.length()) {
                int b = pending.getUnsignedByte(i++);
                length += (b & 0x7f) * multiplier;
                multiplier *= 128;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete || i + length > pending.length()) {
                break;
            }
            int type = pending.getUnsignedByte(pos) >> 4;
            int value = switch (type) {
                case 2 -> pending.getUnsignedByte(i + 1); // CONNACK return code
                case 4, 9, 11 -> pending.getUnsignedShort(i); // PUBACK, SUBACK, UNSUBACK packet id
                default -> -1;
            };
            if (type == 9) {
                value = value << 8 | pending.getUnsignedByte(i + 2); // SUBACK: id and the first granted QoS
            }
            Received r = new Received(type, value, now);
            received.add(r);
            listener.accept(r);
            pos = i + length;
        }
        pending = pos == pending.length() ? Buffer.buffer() : pending.getBuffer(pos, pending.length());
    }

    /** A Vert.x instance with one event loop per core, for the clients of one test. */
    static Vertx vertx() {
        return Vertx.vertx();
    }
}
