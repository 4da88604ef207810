package io.vroom.core.tcp;

/**
 * The TCP header (RFC 9293 §3.1) and option kinds, as constants.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |           Checksum            |         Urgent Pointer        |
 * |                    Options (0-40 bytes, 32-bit aligned)       |
 * </pre>
 */
public final class TcpHeader {
    private TcpHeader() {}

    public static final int LENGTH = 20;
    public static final int MAX_OPTIONS = 40;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    public static final int OPT_EOL = 0;
    public static final int OPT_NOP = 1;
    /** RFC 9293 §3.2, length 4. */
    public static final int OPT_MSS = 2;
    /** RFC 7323 §2.2, length 3. */
    public static final int OPT_WSCALE = 3;
    /** RFC 2018 §2, length 2: offered when {@link TcpConfig#sack()} (we report blocks as a receiver; as a sender we ignore them). */
    public static final int OPT_SACK_PERMITTED = 4;
    /** RFC 2018 §3, length 2 + 8 per block. */
    public static final int OPT_SACK = 5;
    /** RFC 7323 §3.2, length 10. */
    public static final int OPT_TIMESTAMPS = 8;
    /** RFC 2385 §3.0, length 18. */
    public static final int OPT_MD5 = 19;

    /** RFC 7323 §2.3: shifts above 14 are treated as 14. */
    public static final int MAX_WSCALE = 14;
    /** RFC 9293 §3.7.1: MSS assumed when the option is absent. */
    public static final int DEFAULT_MSS = 536;
}
