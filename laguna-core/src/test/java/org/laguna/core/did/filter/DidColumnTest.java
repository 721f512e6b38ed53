package org.laguna.core.did.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.laguna.core.did.MetaRules;

class DidColumnTest {
    @Test
    void everyColumnThatMetadataSetsCanBeFiltered() {
        assertThat(Arrays.stream(DidColumn.values()).filter(DidColumn::settable)).allMatch(DidColumn::filterable);
        assertThat(Arrays.stream(DidColumn.values()).filter(DidColumn::settable)).allMatch(c -> MetaRules.isColumn(c.column()));
    }

    @Test
    void settableTextColumnsHaveTheirLengthLimit() {
        assertThat(Arrays.stream(DidColumn.values()).filter(c -> c.settable() && c.type() == DidColumn.Type.TEXT))
                .isNotEmpty().allMatch(c -> c.maxLength() > 0);
        assertThat(DidColumn.settable("provenance")).hasValueSatisfying(c -> assertThat(c.maxLength()).isEqualTo(2));
    }

    @Test
    void identityAndStateColumnsAreFilteredButNotSet() {
        assertThat(DidColumn.filterable("created_at")).isPresent();
        assertThat(DidColumn.settable("created_at")).isEmpty();
        assertThat(DidColumn.filterable("did_type")).isEmpty();
        assertThat(DidColumn.named("meta")).isEmpty();
    }

    @Test
    void metadataShowsTheColumnsInTableOrder() {
        assertThat(DidColumn.SELECT_LIST).startsWith("scope, name, did_type, account, is_open").endsWith("created_at, updated_at");
    }
}
