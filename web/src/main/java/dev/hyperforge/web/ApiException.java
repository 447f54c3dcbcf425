package dev.hyperforge.web;

/** An error answered as {@code {"status": N, "error": "message"}} with that HTTP status. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status HTTP status
     * @param message what went wrong and what to do
     */
    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /**
     * @param message message
     * @return a 400
     */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /**
     * @param message message
     * @return a 404
     */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
