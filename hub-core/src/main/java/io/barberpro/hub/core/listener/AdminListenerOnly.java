package io.barberpro.hub.core.listener;

/**
 * Marks a web filter that acts only on admin paths. The partner edge's handler leaves such filters out: there
 * {@link ListenerRoleWebFilter} answers every admin path with 404 before they would run, and every filter in the
 * chain costs each partner request its own step through it.
 */
public interface AdminListenerOnly {
}
