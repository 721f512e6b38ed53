package org.laguna.core.rse;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.db.Json;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.RowMapper;
import org.laguna.core.db.Tx;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** SQL for RSEs, their attributes and protocols. Every method runs in the caller's transaction. */
public final class RseRepository {
    private static final String COLUMNS = "id, vo, rse, rse_type, deterministic, volatile, staging_area, availability_read,"
            + " availability_write, availability_delete, city, region_code, country_name, continent, time_zone, isp, asn,"
            + " longitude, latitude, qos_class, created_at, updated_at";

    static final RowMapper<Rse> RSE = rs -> new Rse(
            rs.getObject("id", UUID.class), rs.getString("vo"), rs.getString("rse"), rs.getString("rse_type"),
            rs.getBoolean("deterministic"), rs.getBoolean("volatile"), rs.getBoolean("staging_area"),
            rs.getBoolean("availability_read"), rs.getBoolean("availability_write"), rs.getBoolean("availability_delete"),
            rs.getString("city"), rs.getString("region_code"), rs.getString("country_name"), rs.getString("continent"),
            rs.getString("time_zone"), rs.getString("isp"), rs.getString("asn"),
            doubleOrNull(rs, "longitude"), doubleOrNull(rs, "latitude"), rs.getString("qos_class"),
            Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at"));

    public static final RowMapper<RseProtocol> PROTOCOL = rs -> new RseProtocol(
            rs.getString("scheme"), rs.getString("hostname"), rs.getInt("port"), rs.getString("prefix"), rs.getString("impl"),
            RseProtocol.read(rs, "read_lan"), RseProtocol.read(rs, "write_lan"), RseProtocol.read(rs, "delete_lan"),
            RseProtocol.read(rs, "read_wan"), RseProtocol.read(rs, "write_wan"), RseProtocol.read(rs, "delete_wan"),
            RseProtocol.read(rs, "third_party_copy_read"), RseProtocol.read(rs, "third_party_copy_write"),
            rs.getString("extended_attributes"));

    public Optional<Rse> find(Tx tx, String vo, String name) {
        return tx.queryOne("select " + COLUMNS + " from rses where vo = ? and rse = ? and not deleted", RSE, vo, name);
    }

    public Rse require(Tx tx, String vo, String name) {
        return find(tx, vo, name).orElseThrow(() -> new LagunaException(ErrorCode.RSE_NOT_FOUND,
                "RSE '" + name + "' cannot be found in vo '" + vo + "'"));
    }

    public Optional<Rse> findById(Tx tx, UUID id) {
        return tx.queryOne("select " + COLUMNS + " from rses where id = ?", RSE, id);
    }

    public List<Rse> list(Tx tx, String vo) {
        return tx.query("select " + COLUMNS + " from rses where vo = ? and not deleted order by rse", RSE, vo);
    }

    public Map<String, Object> attributes(Tx tx, UUID rseId) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        tx.query("select key, value::text from rse_attrs where rse_id = ? order by key",
                rs -> attributes.put(rs.getString(1), JsonValues.read(rs.getString(2))), rseId);
        return attributes;
    }

    public List<RseProtocol> protocols(Tx tx, UUID rseId) {
        return tx.query("select * from rse_protocols where rse_id = ? order by hostname, scheme, port", PROTOCOL, rseId);
    }

    public void setAttribute(Tx tx, UUID rseId, String key, Object value) {
        tx.update("insert into rse_attrs (rse_id, key, value) values (?, ?, ?)"
                + " on conflict (rse_id, key) do update set value = excluded.value", rseId, key, new Json(JsonValues.write(value)));
    }

    /** Every live RSE of the VO as an expression candidate: attributes plus fixed columns. */
    public List<RseCandidate> candidates(Tx tx, String vo) {
        Map<UUID, Map<String, Object>> attributes = new HashMap<>();
        tx.query("select a.rse_id, a.key, a.value::text from rse_attrs a join rses r on r.id = a.rse_id where r.vo = ? and not r.deleted",
                rs -> attributes.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                        .put(rs.getString(2), JsonValues.read(rs.getString(3))), vo);
        return list(tx, vo).stream().map(rse -> {
            Map<String, Object> all = new HashMap<>();
            all.put("rse", rse.name());
            all.put("vo", rse.vo());
            putIfPresent(all, "rse_type", rse.rseType());
            all.put("deterministic", rse.deterministic());
            all.put("volatile", rse.volatileRse());
            all.put("staging_area", rse.stagingArea());
            all.put("availability_read", rse.availabilityRead());
            all.put("availability_write", rse.availabilityWrite());
            all.put("availability_delete", rse.availabilityDelete());
            putIfPresent(all, "city", rse.city());
            putIfPresent(all, "region_code", rse.regionCode());
            putIfPresent(all, "country_name", rse.countryName());
            putIfPresent(all, "continent", rse.continent());
            putIfPresent(all, "time_zone", rse.timeZone());
            putIfPresent(all, "ISP", rse.isp());
            putIfPresent(all, "ASN", rse.asn());
            putIfPresent(all, "qos_class", rse.qosClass());
            all.putAll(attributes.getOrDefault(rse.id(), Map.of()));
            all.put(rse.name(), Boolean.TRUE);
            return new RseCandidate(rse.id(), rse.name(), all);
        }).toList();
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }


    private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
