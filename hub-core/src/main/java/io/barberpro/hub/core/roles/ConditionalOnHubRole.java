package io.barberpro.hub.core.roles;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Switches a module's configuration on when this node plays any of the roles. Roles come from
 * {@code hub.roles} (comma-separated: {@code gateway,integration,webhooks,registry,portal});
 * unset means every role, the embedded default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnHubRoleCondition.class)
public @interface ConditionalOnHubRole {

    HubRole[] value();
}
