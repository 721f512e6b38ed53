package org.laguna.core.rse;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The settable fixed fields of an RSE, by Rucio's key. */
public enum RseField {
    DETERMINISTIC("deterministic", Kind.BOOLEAN), VOLATILE("volatile", Kind.BOOLEAN), STAGING_AREA("staging_area", Kind.BOOLEAN),
    RSE_TYPE("rse_type", Kind.RSE_TYPE), AVAILABILITY_READ("availability_read", Kind.BOOLEAN),
    AVAILABILITY_WRITE("availability_write", Kind.BOOLEAN), AVAILABILITY_DELETE("availability_delete", Kind.BOOLEAN),
    CITY("city", Kind.TEXT), REGION_CODE("region_code", Kind.TEXT), COUNTRY_NAME("country_name", Kind.TEXT),
    CONTINENT("continent", Kind.TEXT), TIME_ZONE("time_zone", Kind.TEXT), ISP("ISP", Kind.TEXT), ASN("ASN", Kind.TEXT),
    QOS_CLASS("qos_class", Kind.TEXT), LONGITUDE("longitude", Kind.NUMBER), LATITUDE("latitude", Kind.NUMBER);

    /** What a field holds. */
    public enum Kind { BOOLEAN, TEXT, NUMBER, RSE_TYPE }

    private final String key;
    private final Kind kind;

    RseField(String key, Kind kind) {
        this.key = key;
        this.kind = kind;
    }

    /** Rucio's name of the field. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The column of {@code rses} that holds the field. */
    String column() {
        return key.toLowerCase(Locale.ROOT);
    }

    /** Whether Rucio also keeps the field as an attribute of the RSE. */
    boolean mirroredAsAttribute() {
        return this == CITY || this == REGION_CODE || this == COUNTRY_NAME || this == CONTINENT || this == TIME_ZONE || this == ISP
                || this == ASN;
    }

    public static Optional<RseField> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
