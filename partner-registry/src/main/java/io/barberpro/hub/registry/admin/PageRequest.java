package io.barberpro.hub.registry.admin;

import io.barberpro.hub.core.error.HubProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code ?limit=&cursor=} of an admin list request; the cursor is opaque base64url text. */
public record PageRequest(int limit, String cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static PageRequest of(ServerRequest request) {
        int limit = DEFAULT_LIMIT;
        String rawLimit = request.queryParam("limit").orElse(null);
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw FieldErrors.single("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        String cursor = request.queryParam("cursor").map(PageRequest::decode).orElse(null);
        return new PageRequest(limit, cursor);
    }

    /**
     * Turns {@code limit + 1} fetched rows into a page: the extra row only proves there is a next
     * page, whose cursor is made from the last row shown.
     */
    public <T> Page<T> page(ServerRequest request, List<T> fetched, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        String next = UriComponentsBuilder.fromPath(request.path())
                .queryParams(request.queryParams())
                .replaceQueryParam("limit", limit)
                .replaceQueryParam("cursor", encode(cursorOf.apply(items.get(limit - 1))))
                .build().toUriString();
        return new Page<>(List.copyOf(items), next);
    }

    static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    public static HubProblemException invalidCursor() {
        return FieldErrors.single("cursor", "is not a cursor this list returned");
    }
}
