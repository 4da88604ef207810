#!/usr/bin/env python3
"""The Linux kernel's end of the TCP interop tests, run inside a network namespace.

  tcp_peer.py send HOST PORT NBYTES [MD5KEY]   connect, send NBYTES random bytes, shut down the write side,
                                               read until EOF (recv() == b''), close
  tcp_peer.py echo HOST PORT NBYTES           send NBYTES while reading the echo back; echo_sha256 is its hash
  tcp_peer.py recv PORT [MD5PEER MD5KEY]       accept one connection, read and hash until EOF, then close

REUSE_BLOCK=1 sends one random megabyte over and over (benchmarks). A key sets TCP_MD5SIG (RFC 2385) on the socket for the peer address. Prints one JSON line:
{"sha256", "bytes", "eof", "error", "seconds"}; exits 0 even on a network error (the test judges).
"""
import hashlib, json, os, socket, struct, sys, time

TCP_MD5SIG = 14  # linux/tcp.h


def md5sig(sock, peer, key):
    k = key.encode()
    # struct tcp_md5sig { sockaddr_storage addr; u8 flags; u8 prefixlen; u16 keylen; u32 ifindex; u8 key[80]; }
    addr = struct.pack('=H', socket.AF_INET) + struct.pack('!H', 0) + socket.inet_aton(peer)
    sig = addr.ljust(128, b'\0') + struct.pack('=BBHI', 0, 0, len(k), 0) + k.ljust(80, b'\0')
    sock.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG, sig)


def drain(s, h):
    n = 0
    while True:
        b = s.recv(1 << 18)
        if not b:
            return n, True
        h.update(b)
        n += len(b)


def main():
    mode = sys.argv[1]
    t0 = time.monotonic()
    res = {"sha256": "", "bytes": 0, "eof": False, "error": ""}
    h = hashlib.sha256()
    try:
        if mode == 'send':
            host, port, total = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            if len(sys.argv) > 5:
                md5sig(s, host, sys.argv[5])
            s.settimeout(float(os.environ.get('CONNECT_TIMEOUT', '5')))
            s.connect((host, port))
            s.settimeout(float(os.environ.get('IO_TIMEOUT', '120')))
            left = total
            block = os.urandom(1 << 20) if os.environ.get('REUSE_BLOCK') else None  # benchmarks: no urandom cost per MB
            while left > 0:
                b = block[:min(left, 1 << 20)] if block else os.urandom(min(left, 1 << 20))
                h.update(b)
                s.sendall(b)
                left -= len(b)
            res["bytes"] = total
            s.shutdown(socket.SHUT_WR)
            back, res["eof"] = drain(s, hashlib.sha256())
            res["received"] = back
            s.close()
        elif mode == 'echo':
            host, port, total = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            s = socket.create_connection((host, port), timeout=float(os.environ.get('IO_TIMEOUT', '120')))
            import threading
            def writer():
                left = total
                while left > 0:
                    b = os.urandom(min(left, 1 << 16))
                    h.update(b)
                    s.sendall(b)
                    left -= len(b)
                s.shutdown(socket.SHUT_WR)
            t = threading.Thread(target=writer)
            t.start()
            back = hashlib.sha256()
            res["echoed"], res["eof"] = drain(s, back)
            t.join()
            res["echo_sha256"] = back.hexdigest()
            res["bytes"] = total
            s.close()
        else:
            port = int(sys.argv[2])
            ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if len(sys.argv) > 4:
                md5sig(ls, sys.argv[3], sys.argv[4])
            ls.bind(('0.0.0.0', port))
            ls.listen(1)
            ls.settimeout(float(os.environ.get('ACCEPT_TIMEOUT', '60')))
            s, _ = ls.accept()
            s.settimeout(float(os.environ.get('IO_TIMEOUT', '120')))
            res["bytes"], res["eof"] = drain(s, h)
            s.close()
            ls.close()
        res["sha256"] = h.hexdigest()
    except Exception as e:  # reported, not raised: the test asserts on it
        res["error"] = type(e).__name__ + ": " + str(e)
    res["seconds"] = round(time.monotonic() - t0, 3)
    print(json.dumps(res), flush=True)


main()
