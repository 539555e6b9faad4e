package io.fleetstorm.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a product may declare, and the rule named when it may not. */
class ProductTest {

    @Test
    void theThreeArgumentProductIsAKeyProductWithoutGatewayOrRegistration() {
        Product p = new Product("PID0000001", null, Map.of());
        assertThat(p.authMode()).isEqualTo(AuthMode.KEY);
        assertThat(p.gateway()).isFalse();
        assertThat(p.subProducts()).isEmpty();
        assertThat(p.registration()).isEqualTo(DynamicRegistration.OFF);
    }

    @Test
    void withersKeepTheOtherFields() {
        Product p = Product.withSecret("GW00000001", "s").asGatewayOf(Set.of("SUB0000001"))
                .withAuthMode(AuthMode.CERTIFICATE)
                .withRegistration(new DynamicRegistration(DynamicRegistration.Type.PRE_CREATED, 10));
        assertThat(p.gateway()).isTrue();
        assertThat(p.subProducts()).containsExactly("SUB0000001");
        assertThat(p.authMode()).isEqualTo(AuthMode.CERTIFICATE);
        assertThat(p.productSecret()).isEqualTo("s");
        assertThat(p.withSecret("t").subProducts()).containsExactly("SUB0000001");
        assertThat(p.toString()).isEqualTo("Product[GW00000001, secret=***, customTopics={}, CERTIFICATE, "
                + "gateway of [SUB0000001], registration=PRE_CREATED/10]");
    }

    @Test
    void badDeclarationsNameTheRule() {
        assertThatThrownBy(() -> Product.of("GW00000001").asGatewayOf(Set.of("GW00000001")))
                .hasMessage("gateway product GW00000001 cannot list itself as a sub-product");
        assertThatThrownBy(() -> Product.of("GW00000001").asGatewayOf(Set.of("bad-id")))
                .hasMessage("subProducts of GW00000001 must be product ids matching [A-Za-z0-9]{1,32}, but has "
                        + "'bad-id'");
        assertThatThrownBy(() -> new Product("P1", null, Map.of(), AuthMode.KEY, false, Set.of("P2"), null))
                .hasMessage("product P1 lists sub-products but is not a gateway");
        assertThatThrownBy(() -> new DynamicRegistration(DynamicRegistration.Type.AUTO_CREATE, -1))
                .hasMessage("RegisterLimit must be 0..1000000, but was -1");
        assertThatThrownBy(() -> DynamicRegistration.Type.of(7))
                .hasMessage("RegisterType must be 0, 1 or 2, but was 7");
    }
}
