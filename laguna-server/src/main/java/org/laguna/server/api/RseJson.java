package org.laguna.server.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseService;
import org.laguna.server.http.Http;

/** Rucio's JSON shapes of RSEs and protocols. */
final class RseJson {
    private RseJson() {
    }

    /** The RSE row as Rucio lists it. */
    static Map<String, Object> rse(Rse rse) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", rse.id().toString());
        json.put("rse", rse.name());
        json.put("vo", rse.vo());
        json.put("rse_type", rse.rseType());
        json.put("deterministic", rse.deterministic());
        json.put("volatile", rse.volatileRse());
        json.put("staging_area", rse.stagingArea());
        json.put("city", rse.city());
        json.put("region_code", rse.regionCode());
        json.put("country_name", rse.countryName());
        json.put("continent", rse.continent());
        json.put("time_zone", rse.timeZone());
        json.put("ISP", rse.isp());
        json.put("ASN", rse.asn());
        json.put("longitude", rse.longitude());
        json.put("latitude", rse.latitude());
        json.put("availability", rse.availability());
        json.put("availability_read", rse.availabilityRead());
        json.put("availability_write", rse.availabilityWrite());
        json.put("availability_delete", rse.availabilityDelete());
        json.put("qos_class", rse.qosClass());
        json.put("deleted", false);
        json.put("deleted_at", null);
        json.put("created_at", Http.date(rse.createdAt()));
        json.put("updated_at", Http.date(rse.updatedAt()));
        return json;
    }

    /** Rucio's get_rse answer: settings the clients need to talk to the storage, and the protocols. */
    static Map<String, Object> info(RseService.RseInfo info, List<RseProtocol> protocols) {
        Rse rse = info.rse();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("availability_delete", rse.availabilityDelete());
        json.put("availability_read", rse.availabilityRead());
        json.put("availability_write", rse.availabilityWrite());
        json.put("credentials", null);
        json.put("deterministic", rse.deterministic());
        json.put("domain", List.of("lan", "wan"));
        json.put("id", rse.id().toString());
        json.put("lfn2pfn_algorithm", info.attributes().getOrDefault("lfn2pfn_algorithm", "hash"));
        json.put("protocols", protocols.stream().map(RseJson::protocol).toList());
        json.put("qos_class", rse.qosClass());
        json.put("rse", rse.name());
        json.put("rse_type", rse.rseType());
        json.put("sign_url", info.attributes().get("sign_url"));
        json.put("staging_area", rse.stagingArea());
        Object verify = info.attributes().get("verify_checksum");
        json.put("verify_checksum", verify == null ? Boolean.TRUE : verify);
        json.put("volatile", rse.volatileRse());
        return json;
    }

    static Map<String, Object> protocol(RseProtocol p) {
        Map<String, Object> lan = new LinkedHashMap<>();
        lan.put("read", RseProtocol.stored(p.readLan()));
        lan.put("write", RseProtocol.stored(p.writeLan()));
        lan.put("delete", RseProtocol.stored(p.deleteLan()));
        Map<String, Object> wan = new LinkedHashMap<>();
        wan.put("read", RseProtocol.stored(p.readWan()));
        wan.put("write", RseProtocol.stored(p.writeWan()));
        wan.put("delete", RseProtocol.stored(p.deleteWan()));
        wan.put("third_party_copy_read", RseProtocol.stored(p.thirdPartyCopyRead()));
        wan.put("third_party_copy_write", RseProtocol.stored(p.thirdPartyCopyWrite()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("hostname", p.hostname());
        json.put("scheme", p.scheme());
        json.put("port", p.port());
        json.put("prefix", p.prefix());
        json.put("impl", p.impl());
        json.put("domains", Http.ordered("lan", lan, "wan", wan));
        json.put("extended_attributes", p.extendedAttributesJson() == null ? null : readTree(p.extendedAttributesJson()));
        return json;
    }

    private static Object readTree(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            return json;
        }
    }
}
