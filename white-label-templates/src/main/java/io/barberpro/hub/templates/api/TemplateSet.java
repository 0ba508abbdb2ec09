package io.barberpro.hub.templates.api;

/**
 * A family of partner-facing pages sharing one look, filled with a partner's {@link Branding}. The
 * white-label work adds more pages (and deployment bundles) to this seam; today it renders the
 * portal's landing page.
 */
public interface TemplateSet {

    /** Stable identifier a partner's branding refers to, e.g. {@code classic}. */
    String id();

    /** A complete HTML document; every partner-supplied text is escaped. */
    String landingPage(Branding branding);
}
