namespace Docket.Application.Upload;

/// <summary>
/// Reads a whole body into one array without ever holding more than a limit: a body that turns out larger is
/// refused after limit + 1 bytes, whatever its declared length (chunked bodies declare none).
/// </summary>
public static class BoundedRead
{
    const int FirstBufferBytes = 80 * 1024;

    /// <param name="declaredLength">The length the sender announced, if any: the array is sized to it at once.</param>
    /// <returns>The bytes, or null when there are more than <paramref name="limit"/>.</returns>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream body, long? declaredLength, long limit,
        CancellationToken cancellationToken)
    {
        limit = Math.Min(limit, Array.MaxLength - 1);
        if (declaredLength > limit) return null;

        // One byte beyond the declared length, to see the end without a second array.
        var buffer = new byte[Math.Min(limit + 1, declaredLength + 1 ?? FirstBufferBytes)];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(limit + 1, 2L * buffer.Length));
            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) return buffer.AsMemory(0, filled);
            filled += read;
            if (filled > limit) return null;
        }
    }
}
