using System.IO.Hashing;

namespace PluggableDmaBuf.Plugins.Display.Crc;

/// <summary>
/// display0's CRC capture: a CRC-32 (IEEE 802.3, as <see cref="Crc32"/>) of each plane of each
/// scanned-out frame, over the visible bytes of every row in order (<see cref="PlaneLayout.RowBytes"/>
/// of <see cref="PlaneLayout.Rows"/> rows) and never the pitch padding — like a display
/// controller's CRC unit, so two buffers with the same picture and different pitches give the same
/// CRC, and a test can compare frames without reading them back.
/// </summary>
/// <remarks>Allocates nothing per frame. Not thread-safe: one instance per scanout stage.</remarks>
internal sealed class ScanoutCrc
{
    private readonly Crc32 _crc = new();

    /// <summary>The CRC-32 of the visible bytes of <paramref name="plane"/> inside <paramref name="buffer"/>.</summary>
    /// <exception cref="ArgumentException">The plane lies outside the buffer or its pitch is shorter than its row.</exception>
    public uint ComputePlane(ReadOnlySpan<byte> buffer, PlaneLayout plane)
    {
        CheckPlane(buffer.Length, plane, 0);
        _crc.Reset();
        if (plane.Pitch == plane.RowBytes)
        {
            _crc.Append(buffer.Slice(checked((int)plane.Offset), checked(plane.RowBytes * plane.Rows)));
        }
        else
        {
            for (var row = 0; row < plane.Rows; row++)
            {
                _crc.Append(buffer.Slice(checked((int)(plane.Offset + ((long)row * plane.Pitch))), plane.RowBytes));
            }
        }

        return _crc.GetCurrentHashAsUInt32();
    }

    /// <summary>Computes the CRC of every plane of a frame into <paramref name="crcs"/>, in plane order.</summary>
    /// <exception cref="ArgumentException">A plane lies outside the buffer, or <paramref name="crcs"/> is shorter than the plane count.</exception>
    public void ComputeFrame(ReadOnlySpan<byte> buffer, IReadOnlyList<PlaneLayout> planes, Span<uint> crcs)
    {
        ArgumentNullException.ThrowIfNull(planes);
        if (crcs.Length < planes.Count)
        {
            throw new ArgumentException($"{planes.Count} planes need {planes.Count} CRC slots, {crcs.Length} given", nameof(crcs));
        }

        for (var i = 0; i < planes.Count; i++)
        {
            CheckPlane(buffer.Length, planes[i], i);
        }

        for (var i = 0; i < planes.Count; i++)
        {
            crcs[i] = ComputePlane(buffer, planes[i]);
        }
    }

    private static void CheckPlane(int bufferLength, PlaneLayout plane, int index)
    {
        if (plane.Offset < 0 || plane.Rows < 0 || plane.RowBytes < 0 || plane.Pitch < plane.RowBytes
            || (plane.Rows > 0 && plane.Offset + ((long)(plane.Rows - 1) * plane.Pitch) + plane.RowBytes > bufferLength))
        {
            throw new ArgumentException(
                $"plane {index} at offset {plane.Offset}, pitch {plane.Pitch}, {plane.Rows} rows of {plane.RowBytes} bytes does not fit a buffer of {bufferLength} bytes",
                nameof(plane));
        }
    }
}
