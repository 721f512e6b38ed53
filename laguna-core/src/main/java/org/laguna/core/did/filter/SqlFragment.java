package org.laguna.core.did.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A piece of SQL with its positional ({@code ?}) parameters, in order. */
public record SqlFragment(String sql, List<Object> params) {
    public SqlFragment {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }
}
