package org.laguna.server.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Distinguished names of client certificates as Rucio writes them, and the end-entity certificate
 * behind a chain of proxy certificates.
 *
 * <p>Rucio stores X.509 identities in the form of mod_ssl's legacy DN format: the RDNs in the
 * order of the certificate (most significant first), each written {@code /TYPE=value}, for example
 * {@code /DC=org/DC=example/OU=Users/CN=Alice Doe}. Identities written in RFC 2253 form
 * ({@code CN=Alice Doe,OU=Users,DC=example,DC=org}, least significant first) are recognised as well.
 */
public final class X509Subjects {
    /** RFC 3820 proxy certificate information. */
    static final String PROXY_CERT_INFO = "1.3.6.1.5.5.7.1.14";
    /** The same extension as drafted before RFC 3820 (Globus Toolkit 3 proxies). */
    static final String DRAFT_PROXY_CERT_INFO = "1.3.6.1.4.1.3536.1.222";
    private static final Map<String, String> KEYWORDS = Map.of("1.2.840.113549.1.9.1", "emailAddress");
    private static final Pattern LEGACY_PROXY_CN = Pattern.compile("proxy|limited proxy");

    private X509Subjects() {
    }

    /** The subject in Rucio's slash form, e.g. {@code /DC=org/DC=example/CN=Alice}. */
    public static String slashForm(X500Principal subject) {
        StringBuilder out = new StringBuilder();
        for (Rdn rdn : rdns(subject)) {
            out.append('/').append(rdnText(rdn));
        }
        return out.toString();
    }

    /**
     * The forms an identity of this subject may be stored under, preferred first: Rucio's slash
     * form, RFC 2253 ({@code CN=Alice,DC=example,DC=org}) and the same with a space after each comma.
     */
    public static List<String> identityForms(X500Principal subject) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(slashForm(subject));
        String rfc2253 = subject.getName(X500Principal.RFC2253, KEYWORDS);
        forms.add(rfc2253);
        forms.add(rdns(subject).reversed().stream().map(X509Subjects::rdnText).collect(Collectors.joining(", ")));
        forms.add(rdns(subject).reversed().stream().map(X509Subjects::rdnText).collect(Collectors.joining(",")));
        return List.copyOf(forms);
    }

    /** Whether the certificate is a proxy certificate: RFC 3820, its draft, or a legacy Globus proxy. */
    public static boolean isProxy(X509Certificate certificate) {
        if (certificate.getExtensionValue(PROXY_CERT_INFO) != null || certificate.getExtensionValue(DRAFT_PROXY_CERT_INFO) != null) {
            return true;
        }
        List<Rdn> subject = rdns(certificate.getSubjectX500Principal());
        return !subject.isEmpty() && extendsByOneCn(subject, rdns(certificate.getIssuerX500Principal()))
                && LEGACY_PROXY_CN.matcher(String.valueOf(subject.getLast().getValue())).matches();
    }

    /** The position of the end-entity certificate in a client chain: the first that is not a proxy certificate, or -1. */
    public static int endEntityIndex(X509Certificate[] chain) {
        for (int i = 0; i < chain.length; i++) {
            if (!isProxy(chain[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code subject} is {@code issuer} with one more RDN, a single common name (how proxy subjects are made). */
    static boolean extendsByOneCn(List<Rdn> subject, List<Rdn> issuer) {
        return subject.size() == issuer.size() + 1 && subject.subList(0, issuer.size()).equals(issuer)
                && subject.getLast().size() == 1 && subject.getLast().getType().equalsIgnoreCase("CN");
    }

    /** The RDNs of a name in the order of the certificate, most significant first. */
    static List<Rdn> rdns(X500Principal name) {
        try {
            // LdapName lists RDNs right to left, which is the certificate's order
            return new ArrayList<>(new LdapName(name.getName(X500Principal.RFC2253, KEYWORDS)).getRdns());
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("not a distinguished name: " + name, e);
        }
    }

    /** One RDN as {@code TYPE=value}, the value unescaped; a multi-valued RDN as RFC 2253 writes it ({@code A=x+B=y}). */
    private static String rdnText(Rdn rdn) {
        if (rdn.size() != 1) {
            return rdn.toString();
        }
        Object value = rdn.getValue();
        return rdn.getType() + "=" + (value instanceof byte[] bytes ? "#" + HexFormat.of().formatHex(bytes) : value);
    }
}
