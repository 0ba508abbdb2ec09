package io.barberpro.hub.templates.classic;

import io.barberpro.hub.templates.api.Branding;
import io.barberpro.hub.templates.api.Html;
import io.barberpro.hub.templates.api.TemplateSet;

/**
 * The default look: a header in the partner's primary colour, call-to-action buttons in its accent
 * colour, text colour chosen for contrast. The page loads nothing but the logo, and its content
 * security policy forbids scripts, so even a mistake in escaping could not run code.
 */
public final class ClassicTemplateSet implements TemplateSet {

    public static final String ID = "classic";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String landingPage(Branding branding) {
        String name = Html.escape(branding.displayName());
        String email = Html.escape(branding.supportEmail());
        String logo = branding.logoUrl() == null ? ""
                : "<img class=\"logo\" src=\"" + Html.escape(branding.logoUrl().toString()) + "\" alt=\"" + name + " logo\">";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https:; style-src 'unsafe-inline'">
                <title>%1$s · Partner portal</title>
                <style>
                  :root { --primary: %2$s; --on-primary: %3$s; --accent: %4$s; --on-accent: %5$s; }
                  body { margin: 0; font-family: system-ui, sans-serif; color: #1d1d1f; }
                  header { background: var(--primary); color: var(--on-primary); padding: 1.5rem 2rem; display: flex; align-items: center; gap: 1rem; }
                  .logo { max-height: 48px; }
                  main { padding: 2rem; max-width: 48rem; }
                  a.button { display: inline-block; background: var(--accent); color: var(--on-accent); padding: .75rem 1.25rem; border-radius: .375rem; text-decoration: none; margin-right: .5rem; }
                  footer { padding: 1rem 2rem; color: #555; font-size: .875rem; }
                </style>
                </head>
                <body>
                <header>%6$s<h1>%1$s</h1></header>
                <main>
                <p>Book appointments at barbershops across Argentina through %1$s.</p>
                <p><a class="button" href="/portal/bookings">My bookings</a><a class="button" href="/portal/providers">Find a barbershop</a></p>
                </main>
                <footer>Need help? Write to <a href="mailto:%7$s">%7$s</a>.</footer>
                </body>
                </html>
                """.formatted(name, branding.primaryColor(), readableOn(branding.primaryColor()),
                branding.accentColor(), readableOn(branding.accentColor()), logo, email);
    }

    /** Black or white, whichever reads better on the colour (WCAG relative luminance). */
    static String readableOn(String hexColor) {
        double luminance = 0.2126 * channel(hexColor, 1) + 0.7152 * channel(hexColor, 3) + 0.0722 * channel(hexColor, 5);
        // contrast with white (1.05 / (L + .05)) beats contrast with black ((L + .05) / .05) below L ≈ 0.179
        return luminance > 0.179 ? "#000000" : "#ffffff";
    }

    private static double channel(String hexColor, int offset) {
        double c = Integer.parseInt(hexColor.substring(offset, offset + 2), 16) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
