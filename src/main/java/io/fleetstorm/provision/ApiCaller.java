package io.fleetstorm.provision;

import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.cloudapi.ApiResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The Cloud API as provisioning calls it: single actions ({@code CloudApiClient::call} in a run of the command), and
 * batches of calls sent together and awaited together (the client keeps them to the action's rate limit). Callers
 * are plain threads, never an event loop.
 */
@FunctionalInterface
public interface ApiCaller {

    /** How long one call may take at most, waits for the rate limit and retries included. */
    long CALL_TIMEOUT_SECONDS = 600;

    Future<ApiResponse> call(String action, JsonObject params);

    /** One call, awaited: its answer, or the {@link ApiFailure} it failed with. */
    default ApiResponse await(String action, JsonObject params) throws ApiFailure, ProvisionException {
        return await(call(action, params));
    }

    /** The outcome of one call of a batch: the answer, or the failure. */
    record Outcome<T>(T item, ApiResponse answer, ApiFailure failure) {
        public boolean ok() {
            return failure == null;
        }

        public String code() {
            return failure == null ? null : failure.code();
        }
    }

    /** Sends one call per item at once and awaits them all. */
    default <T> List<Outcome<T>> batch(List<T> items, String action, Function<T, JsonObject> params)
            throws ProvisionException {
        List<Future<ApiResponse>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(call(action, params.apply(item)));
        }
        List<Outcome<T>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                out.add(new Outcome<>(items.get(i), await(futures.get(i)), null));
            } catch (ApiFailure f) {
                out.add(new Outcome<>(items.get(i), null, f));
            }
        }
        return out;
    }

    private static ApiResponse await(Future<ApiResponse> future) throws ApiFailure, ProvisionException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiFailure f) {
                throw f;
            }
            throw new ApiFailure("", ApiFailure.NETWORK, String.valueOf(e.getCause()), null, 1);
        } catch (TimeoutException e) {
            throw new ApiFailure("", ApiFailure.NETWORK, "no answer within " + CALL_TIMEOUT_SECONDS + " s", null, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException("interrupted");
        }
    }
}
