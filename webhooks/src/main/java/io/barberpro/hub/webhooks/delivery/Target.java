package io.barberpro.hub.webhooks.delivery;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a worker needs of an endpoint for one attempt; {@code secrets} newest first, only unexpired ones. */
record Target(UUID endpointId, URI url, Map<String, String> headers, Integer ratePerSecond, List<String> secrets) {
}
