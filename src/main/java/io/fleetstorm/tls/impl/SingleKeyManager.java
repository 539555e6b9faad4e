package io.fleetstorm.tls.impl;

import io.fleetstorm.tls.CertifiedKey;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager holding exactly one certified key, without a KeyStore: per-device memory is the key's own objects.
 *
 * <p>The key is offered whenever the peer asks for its key type, whatever issuers the peer lists, because the hub
 * accepts device certificates from any issuer and identifies them by exact match.
 */
public final class SingleKeyManager extends X509ExtendedKeyManager {

    /** The alias under which the single key is known. */
    public static final String ALIAS = "fleetstorm";

    private final X509Certificate[] chain;
    private final PrivateKey privateKey;

    /** Offers {@code key} and its chain. */
    public SingleKeyManager(CertifiedKey key) {
        this.chain = key.chain().toArray(X509Certificate[]::new);
        this.privateKey = key.privateKey();
    }

    private String aliasFor(String keyType) {
        String algorithm = privateKey.getAlgorithm();
        // TLS 1.2 may ask for "EC_EC" / "EC_RSA" (key type _ signer type) on the server side.
        boolean matches = keyType != null && (keyType.equals(algorithm) || keyType.startsWith(algorithm + "_")
                || ("EdDSA".equals(algorithm) && keyType.startsWith("Ed")));
        return matches ? ALIAS : null;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes != null) {
            for (String keyType : keyTypes) {
                if (aliasFor(keyType) != null) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? privateKey : null;
    }
}
