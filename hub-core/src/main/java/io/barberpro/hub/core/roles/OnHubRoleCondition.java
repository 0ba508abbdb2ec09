package io.barberpro.hub.core.roles;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

class OnHubRoleCondition implements Condition {

    static final String PROPERTY = "hub.roles";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnHubRole.class.getName());
        HubRole[] wanted = (HubRole[]) attributes.get("value");
        String roles = context.getEnvironment().getProperty(PROPERTY, "");
        if (roles.isBlank()) {
            return true;
        }
        return Arrays.stream(roles.split(","))
                .map(r -> r.trim().toLowerCase(Locale.ROOT))
                .anyMatch(r -> Arrays.stream(wanted).anyMatch(role -> role.key().equals(r)));
    }
}
