package io.fleetstorm.protocol;

/**
 * The sdkappid values Tencent's device SDKs put in the UserName.
 */
public final class SdkAppId {
    /** The value the access document fixes and the Java SDK sends. */
    public static final String JAVA_SDK = "12010126";
    /** The value the C and Python SDKs send. */
    public static final String C_SDK = "21010406";

    private SdkAppId() {
    }

    /** Whether an SDK is known to send this sdkappid; the hub accepts others too but counts them. */
    public static boolean isKnown(String sdkAppId) {
        return JAVA_SDK.equals(sdkAppId) || C_SDK.equals(sdkAppId);
    }
}
