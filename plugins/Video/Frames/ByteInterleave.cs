using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PluggableDmaBuf.Plugins.Video.Frames;

/// <summary>
/// Zips two byte rows into one: <c>destination[2i] = even[i]</c>, <c>destination[2i + 1] = odd[i]</c>.
/// It builds NV12's UV rows from a U and a V row, and YUYV rows from a Y row and a UV row.
/// </summary>
internal static class ByteInterleave
{
    /// <summary>Interleaves <paramref name="even"/> and <paramref name="odd"/> (equal lengths) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The lengths do not match, or the destination is shorter than twice a source.</exception>
    public static void Interleave(ReadOnlySpan<byte> even, ReadOnlySpan<byte> odd, Span<byte> destination)
    {
        if (even.Length != odd.Length || destination.Length < even.Length * 2)
        {
            throw new ArgumentException($"cannot interleave {even.Length} and {odd.Length} bytes into {destination.Length}", nameof(destination));
        }

        var i = 0;
        ref var e = ref MemoryMarshal.GetReference(even);
        ref var o = ref MemoryMarshal.GetReference(odd);
        ref var d = ref MemoryMarshal.GetReference(destination);

        // Widening each byte to 16 bits and OR-ing the other source into the high byte is a zip on a
        // little-endian machine, with portable operations only.
        if (BitConverter.IsLittleEndian)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= even.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
                {
                    var (eLow, eHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref e, (nuint)i));
                    var (oLow, oHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref o, (nuint)i));
                    (eLow | (oLow << 8)).AsByte().StoreUnsafe(ref d, (nuint)(2 * i));
                    (eHigh | (oHigh << 8)).AsByte().StoreUnsafe(ref d, (nuint)((2 * i) + Vector256<byte>.Count));
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                for (; i <= even.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
                {
                    var (eLow, eHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref e, (nuint)i));
                    var (oLow, oHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref o, (nuint)i));
                    (eLow | (oLow << 8)).AsByte().StoreUnsafe(ref d, (nuint)(2 * i));
                    (eHigh | (oHigh << 8)).AsByte().StoreUnsafe(ref d, (nuint)((2 * i) + Vector128<byte>.Count));
                }
            }
        }

        for (; i < even.Length; i++)
        {
            Unsafe.Add(ref d, 2 * i) = Unsafe.Add(ref e, i);
            Unsafe.Add(ref d, (2 * i) + 1) = Unsafe.Add(ref o, i);
        }
    }
}
