package io.barberpro.hub.registry.admin;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Describes the functional admin routes in the application's OpenAPI document ({@code /v3/api-docs}).
 * Functional routes carry no annotations to scan, so each module registers its admin operations
 * here through {@link #path}; schemas are derived from the request and response records.
 */
public class AdminOpenApi implements OpenApiCustomizer {

    private static final String SECURITY = "adminToken";
    private final Map<String, PathItem> paths = new LinkedHashMap<>();
    private final Map<String, Schema<?>> schemas = new LinkedHashMap<>();

    /** Adds (or extends) a path: {@code method} is GET, POST, PUT, PATCH or DELETE. */
    public AdminOpenApi path(String path, PathItem.HttpMethod method, String summary, Class<?> requestBody,
                             int status, Class<?> responseBody, String... queryParameters) {
        Operation operation = new Operation().summary(summary).addTagsItem(tag(path))
                .addSecurityItem(new SecurityRequirement().addList(SECURITY));
        for (String segment : path.split("/")) {
            if (segment.startsWith("{")) {
                operation.addParametersItem(new Parameter().in("path").required(true)
                        .name(segment.substring(1, segment.length() - 1)).schema(new Schema<String>().type("string")));
            }
        }
        for (String query : queryParameters) {
            operation.addParametersItem(new Parameter().in("query").required(false).name(query)
                    .schema(new Schema<String>().type("string")));
        }
        if (requestBody != null) {
            operation.requestBody(new RequestBody().required(true).content(json(requestBody)));
        }
        ApiResponse ok = new ApiResponse().description(summary);
        if (responseBody != null) {
            ok.content(json(responseBody));
        }
        ApiResponses responses = new ApiResponses().addApiResponse(Integer.toString(status), ok)
                .addApiResponse("400", problem("Malformed or invalid request (codes bad-request, unknown-field, validation-failed)"))
                .addApiResponse("401", problem("Missing or wrong admin token"));
        if (path.contains("{")) {
            responses.addApiResponse("404", problem("Unknown resource"));
        }
        operation.responses(responses);
        paths.computeIfAbsent(path, p -> new PathItem()).operation(method, operation);
        return this;
    }

    /** Declares that the operation {@link #path} added takes a binary body of {@code mediaType} (not JSON). */
    public AdminOpenApi binaryRequestBody(String path, PathItem.HttpMethod method, String mediaType) {
        Schema<?> binary = new Schema<String>().type("string").format("binary");
        paths.get(path).readOperationsMap().get(method).requestBody(new RequestBody().required(true)
                .content(new Content().addMediaType(mediaType,
                        new io.swagger.v3.oas.models.media.MediaType().schema(binary))));
        return this;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.components(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SECURITY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").description("The admin token (hub.admin.token or the hub.admin.token-file)"));
        schemas.forEach(openApi.getComponents()::addSchemas);
        paths.forEach(openApi::path);
    }

    private Content json(Class<?> type) {
        ResolvedSchema resolved = ModelConverters.getInstance().resolveAsResolvedSchema(
                new io.swagger.v3.core.converter.AnnotatedType(type));
        if (resolved.referencedSchemas != null) {
            resolved.referencedSchemas.forEach(schemas::put);
        }
        Schema<?> ref = new Schema<>().$ref("#/components/schemas/" + type.getSimpleName());
        return new Content().addMediaType("application/json", new MediaType().schema(ref));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().type("object"))));
    }

    private static String tag(String path) {
        List<String> segments = List.of(path.split("/"));
        return segments.size() > 3 ? segments.get(3) : "admin";
    }
}
