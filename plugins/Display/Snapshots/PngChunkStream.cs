using System.Buffers.Binary;
using System.IO.Hashing;

namespace PluggableDmaBuf.Plugins.Display.Snapshots;

/// <summary>
/// A write-only stream that cuts what is written to it into PNG chunks of one type (IDAT: the zlib
/// stream of the image), each at most <see cref="ChunkBytes"/> bytes, with its length and CRC, so the
/// image is encoded straight to the file without holding the compressed image in memory.
/// <see cref="Dispose(bool)"/> writes the last, partial chunk.
/// </summary>
/// <remarks>Not thread-safe. The destination stays open.</remarks>
internal sealed class PngChunkStream(Stream destination, string type) : Stream
{
    /// <summary>The data bytes of a full chunk.</summary>
    public const int ChunkBytes = 1 << 16;

    private readonly byte[] _data = new byte[ChunkBytes];
    private int _used;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Writes one chunk: length, type, data and the CRC-32 of type and data.</summary>
    public static void WriteChunk(Stream destination, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        for (var i = 0; i < 4; i++)
        {
            header[4 + i] = (byte)type[i];
        }

        var crc = new Crc32();
        crc.Append(header[4..]);
        crc.Append(data);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc.GetCurrentHashAsUInt32());
        destination.Write(header);
        destination.Write(data);
        destination.Write(trailer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, ChunkBytes - _used);
            buffer[..take].CopyTo(_data.AsSpan(_used));
            _used += take;
            buffer = buffer[take..];
            if (_used == ChunkBytes)
            {
                Flush();
            }
        }
    }

    /// <summary>Writes what is buffered as a chunk (nothing when empty).</summary>
    public override void Flush()
    {
        if (_used > 0)
        {
            WriteChunk(destination, type, _data.AsSpan(0, _used));
            _used = 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }
}
