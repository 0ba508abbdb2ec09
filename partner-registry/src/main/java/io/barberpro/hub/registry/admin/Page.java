package io.barberpro.hub.registry.admin;

import java.util.List;

/**
 * One page of an admin list. Lists use keyset pagination: {@code ?limit=} (1–200, default 50) and
 * the opaque {@code ?cursor=} taken from {@code next}, which is the path and query of the following
 * page, or {@code null} on the last page.
 */
public record Page<T>(List<T> items, String next) {
}
