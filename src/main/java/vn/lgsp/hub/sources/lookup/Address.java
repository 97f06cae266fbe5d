package vn.lgsp.hub.sources.lookup;


/** An address as national databases give it: administrative unit codes and a free-text detail. */
public record Address(String provinceCode, String communeCode, String detail) {
}
