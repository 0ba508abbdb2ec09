package io.barberpro.hub.templates.api;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a partner's portal looks. Validated on construction, so a template can put the colours into a
 * style sheet and the logo into an {@code img} without further checks; every problem is reported at
 * once as a {@code validation-failed} problem with {@code errors}.
 *
 * @param displayName  the partner's name as shown to its users (1–100 characters, any text: it is escaped)
 * @param primaryColor {@code #rrggbb}, normalised to lower case
 * @param accentColor  {@code #rrggbb}, normalised to lower case
 * @param logoUrl      an absolute {@code https} URL, or {@code null} for no logo
 * @param supportEmail where the partner's users get help
 */
public record Branding(String displayName, String primaryColor, String accentColor, URI logoUrl, String supportEmail) {

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final int MAX_NAME = 100;
    private static final int MAX_URL = 2048;

    public Branding {
        List<Map<String, String>> errors = new ArrayList<>();
        displayName = displayName == null ? null : displayName.strip();
        if (displayName == null || displayName.isEmpty() || displayName.length() > MAX_NAME) {
            errors.add(error("displayName", "must be 1 to " + MAX_NAME + " characters"));
        }
        primaryColor = color("primaryColor", primaryColor, errors);
        accentColor = color("accentColor", accentColor, errors);
        if (logoUrl != null && !isHttpsUrl(logoUrl)) {
            errors.add(error("logoUrl", "must be an absolute https URL"));
        }
        if (supportEmail == null || supportEmail.length() > 254 || !EMAIL.matcher(supportEmail).matches()) {
            errors.add(error("supportEmail", "must be an e-mail address"));
        }
        if (!errors.isEmpty()) {
            throw new HubProblemException(HubError.VALIDATION_FAILED, "The branding is invalid", Map.of("errors", errors));
        }
    }

    private static String color(String field, String value, List<Map<String, String>> errors) {
        if (value == null || !COLOR.matcher(value).matches()) {
            errors.add(error(field, "must be a colour as #rrggbb"));
            return value;
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean isHttpsUrl(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null && url.getRawUserInfo() == null
                && url.toString().length() <= MAX_URL;
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
