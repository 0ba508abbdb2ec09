package io.barberpro.hub.core.roles;

import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

class OnHubRoleCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnHubRole.class.getName());
        return HubRoles.playsAny(context.getEnvironment(), (HubRole[]) attributes.get("value"));
    }
}
