package dev.hyperforge.experiments.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of users' text files: a malformed or unmappable byte is an error naming the file,
 * the byte offset and line, never a silent replacement character. A leading byte-order mark is dropped.
 *
 * <pre>{@code
 * String s = Utf8.decode(bytes, "texts/ham/1.txt", "text");
 * }</pre>
 */
final class Utf8 {
    private Utf8() {
    }

    /**
     * Decodes.
     *
     * @param bytes the file's content
     * @param shown the file as the user would write it
     * @param loader the loader, for messages
     * @throws IllegalArgumentException naming the file, offset and line of the first bad byte
     */
    static String decode(byte[] bytes, String shown, String loader) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) d.maxCharsPerByte()) + 1);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            throw new IllegalArgumentException(loader + ": " + shown + " is not UTF-8: byte 0x" + String.format("%02X", bytes[at] & 0xFF)
                    + " at offset " + at + " (line " + line(bytes, at) + ") is not valid UTF-8; convert the file, e.g. iconv -f latin1 -t utf-8");
        }
        try {
            r = d.flush(out);
            if (r.isError()) {
                r.throwException();
            }
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(loader + ": " + shown + " is not UTF-8: " + e.getMessage(), e);
        }
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static int line(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
