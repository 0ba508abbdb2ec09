package io.barberpro.hub.app.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * One page of a list: {@code items}, {@code page} metadata and {@code next}, the relative link to the
 * following page ({@code null} on the last one). Pages count from 0.
 */
record Page<T>(List<T> items, Meta page, String next) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    record Meta(int number, int size, long totalElements, int totalPages) {
    }

    /** The requested page window; bad values are reported together as field errors. */
    record Request(int number, int size) {

        static Request of(ServerRequest request) {
            FieldErrors errors = new FieldErrors();
            int number = intParam(request, "page", 0, 0, Integer.MAX_VALUE, errors);
            int size = intParam(request, "size", DEFAULT_SIZE, 1, MAX_SIZE, errors);
            errors.throwIfAny();
            return new Request(number, size);
        }

        private static int intParam(ServerRequest request, String name, int fallback, int min, int max,
                                    FieldErrors errors) {
            String raw = request.queryParam(name).orElse(null);
            if (raw == null) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(raw);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below like an out-of-range number
            }
            errors.add(name, "must be an integer between " + min + " and " + max);
            return fallback;
        }

        <S, T> Page<T> slice(List<S> all, Function<S, T> view, ServerRequest request) {
            long from = (long) number * size;
            List<T> items = all.stream().skip(from).limit(size).map(view).toList();
            int totalPages = (int) ((all.size() + (long) size - 1) / size);
            String next = from + size < all.size() ? link(request, number + 1, size) : null;
            return new Page<>(items, new Meta(number, size, all.size(), totalPages), next);
        }

        /** The same query with another page; values are re-encoded, as the request holds them decoded. */
        private static String link(ServerRequest request, int page, int size) {
            MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
            request.queryParams().forEach((name, values) -> {
                if (!name.equals("page") && !name.equals("size")) {
                    query.put(encode(name), values.stream().map(Request::encode).toList());
                }
            });
            query.add("page", Integer.toString(page));
            query.add("size", Integer.toString(size));
            return UriComponentsBuilder.fromPath(request.path()).queryParams(query).build(true).toUriString();
        }

        private static String encode(String value) {
            return UriUtils.encode(value, StandardCharsets.UTF_8);
        }
    }
}
