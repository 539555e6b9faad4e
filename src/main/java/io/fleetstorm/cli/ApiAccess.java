package io.fleetstorm.cli;

import io.fleetstorm.cloudapi.ApiCredentials;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.fleetstorm.cloudapi.CredentialsException;
import io.fleetstorm.hub.ApiKey;
import io.fleetstorm.hub.Hub;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where API key pairs come from, for the hub (which keys it accepts) and for a run (which key it signs with): the
 * {@code --api-key} flags, the vendor's environment variables, a credentials file, or a generated pair.
 */
final class ApiAccess {

    /** Where {@code fleetstorm hub} writes a generated pair unless {@code --api-key-file} says otherwise. */
    static final Path DEFAULT_KEY_FILE = Path.of(System.getProperty("user.home"), ".fleetstorm", "hub.credential");

    private ApiAccess() {
    }

    /** {@code SECRET_ID:SECRET_KEY}; the message of a bad value never shows the key. */
    static ApiKey parseKey(String arg) {
        int colon = arg.indexOf(':');
        if (colon <= 0 || colon == arg.length() - 1) {
            throw new InvalidInputException("--api-key must be SECRET_ID:SECRET_KEY, but was '"
                    + (colon > 0 ? arg.substring(0, colon) + ":" : "") + "***'");
        }
        try {
            return new ApiKey(arg.substring(0, colon), arg.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--api-key: " + e.getMessage());
        }
    }

    /** The credentials of the vendor's environment variables, if set (both or neither: else exit 2). */
    static Optional<ApiCredentials> environment(Map<String, String> env) {
        try {
            return ApiCredentials.fromEnvironment(env);
        } catch (CredentialsException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** A credentials file (a scenario's, for instance); problems are exit 2 naming the file. */
    static ApiCredentials file(Path file) {
        try {
            return ApiCredentials.load(file);
        } catch (CredentialsException e) {
            throw new InvalidInputException("API credentials: " + e.getMessage());
        }
    }

    /**
     * The hub's keys: the flags, else the environment, else a generated pair written to {@code keyFile} (owner-only),
     * of which only the SecretId and the file are printed.
     */
    static List<ApiKey> hubKeys(List<String> flags, Map<String, String> env, Path keyFile, PrintWriter out) {
        List<ApiKey> keys = new ArrayList<>();
        flags.forEach(flag -> keys.add(parseKey(flag)));
        if (!keys.isEmpty()) {
            return keys;
        }
        Optional<ApiCredentials> fromEnv = environment(env);
        if (fromEnv.isPresent()) {
            out.println("API key: SecretId " + fromEnv.get().secretId() + " (from " + ApiCredentials.ENV_SECRET_ID
                    + ")");
            return List.of(new ApiKey(fromEnv.get().secretId(), fromEnv.get().secretKey()));
        }
        ApiCredentials generated = ApiCredentials.generate(new SecureRandom());
        try {
            generated.write(keyFile);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write the generated API key pair to " + keyFile + ": "
                    + e.getMessage() + " (give --api-key-file, --api-key or " + ApiCredentials.ENV_SECRET_ID + "/"
                    + ApiCredentials.ENV_SECRET_KEY + ")");
        }
        out.println("API key: SecretId " + generated.secretId() + " (generated; the pair is in " + keyFile
                + ", readable by you only)");
        return List.of(new ApiKey(generated.secretId(), generated.secretKey()));
    }

    /** How a run calls the embedded hub's API: with the hub's first key. */
    static CloudApiOptions forEmbedded(Hub hub) {
        CloudApiOptions options = new CloudApiOptions().withRequestsPerSecond(CloudApiOptions.UNLIMITED);
        if (hub.apiKeys().isEmpty()) {
            return options;
        }
        ApiKey key = hub.apiKeys().get(0);
        return options.withCredentials(new ApiCredentials(key.secretId(), key.secretKey(), null));
    }

    /**
     * How a run calls a target's API: credentials from the scenario's file when it names one, else from the
     * environment, else none (unsigned: only a hub started with --api-insecure takes such calls); the region from
     * {@value CloudApiOptions#ENV_REGION} or the default; the cloud's rate limits when the endpoint is the cloud's.
     */
    static CloudApiOptions forTarget(Map<String, String> env, Path credentialsFile, String apiUrl) {
        CloudApiOptions options = CloudApiOptions.forEndpoint(apiUrl == null ? null : java.net.URI.create(apiUrl));
        String region = env.get(CloudApiOptions.ENV_REGION);
        if (region != null && !region.isBlank()) {
            try {
                options = options.withRegion(region.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(CloudApiOptions.ENV_REGION + ": " + e.getMessage());
            }
        }
        ApiCredentials credentials = credentialsFile != null ? file(credentialsFile)
                : environment(env).orElse(null);
        return options.withCredentials(credentials);
    }
}
