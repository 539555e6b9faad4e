package io.fleetstorm.cli;

import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.protocol.DerivedPsk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm hub psk PID/DN --product-secret S}: prints the PSK the hub derives for a device. */
@Command(name = "psk", mixinStandardHelpOptions = true,
        description = {"Prints the device PSK the hub derives from a product secret:",
            "  base64(first 16 bytes of HMAC-SHA256(key = productSecret, message = PRODUCTID/DEVICENAME))"})
final class HubPskCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PRODUCTID/DEVICENAME", description = "The device.")
    String device;

    @Option(names = "--product-secret", required = true, paramLabel = "SECRET", description = "The product secret.")
    String productSecret;

    @Override
    public Integer call() {
        io.fleetstorm.protocol.DeviceId id = DeviceArg.parse(device);
        spec.commandLine().getOut().println(DerivedPsk.derive(productSecret, id.productId(), id.deviceName()));
        return ExitCode.OK.code();
    }
}
