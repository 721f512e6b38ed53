package org.laguna.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListingTrustTest {
    @Test
    void anEmptyListingOfANonEmptyCatalogueIsNotTrusted() {
        assertThat(ListingTrust.distrust(0, 1)).hasValueSatisfying(why -> assertThat(why).contains("empty"));
    }

    @Test
    void aLargeRseListingFewerThanHalfItsFilesIsNotTrusted() {
        assertThat(ListingTrust.distrust(49, 100)).hasValueSatisfying(why -> assertThat(why).contains("49", "100", "incomplete"));
        assertThat(ListingTrust.distrust(400_000, 1_000_000)).isPresent();
    }

    @Test
    void halfOrMoreOfTheFilesIsTrusted() {
        assertThat(ListingTrust.distrust(50, 100)).isEmpty();
        assertThat(ListingTrust.distrust(999_999, 1_000_000)).isEmpty();
    }

    @Test
    void smallRsesAreJudgedFileByFile() {
        assertThat(ListingTrust.distrust(1, 3)).as("two real losses out of three").isEmpty();
        assertThat(ListingTrust.distrust(10, 99)).isEmpty();
    }

    @Test
    void anEmptyCatalogueTrustsAnyListing() {
        assertThat(ListingTrust.distrust(0, 0)).isEmpty();
        assertThat(ListingTrust.distrust(5, 0)).isEmpty();
    }
}
