using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PluggableDmaBuf.Plugins.Video.Patterns;

/// <summary>
/// Fills a run of bytes with a repeated 1-, 2- or 4-byte value: the test pattern's only per-pixel work.
/// </summary>
/// <remarks>
/// Not <c>Span&lt;T&gt;.Fill</c>: its loop over <c>Vector&lt;T&gt;</c> has no precompiled (ReadyToRun) code,
/// because that vector's width is only known on the machine, so a run's first hundreds of frames drew
/// with it unoptimised (tier 0) until the runtime recompiled it — at 3840×2160, 1.7–1.9 ms a frame
/// instead of 0.6. A single byte goes to <c>memset</c>; a wider value is stored eight bytes at a time.
/// Both are plain code that crossgen2 precompiles, fast from the first frame.
/// </remarks>
internal static class RunFill
{
    /// <summary>Sets every byte of <paramref name="run"/> to <paramref name="value"/>.</summary>
    public static void Bytes(Span<byte> run, byte value) =>
        Unsafe.InitBlockUnaligned(ref MemoryMarshal.GetReference(run), value, (uint)run.Length);

    /// <summary>Repeats <paramref name="value"/> (in memory order, as stored on this machine) over <paramref name="run"/>, whose length is even.</summary>
    public static void Pairs(Span<byte> run, ushort value) => Repeat(run, value * 0x0001_0001_0001_0001UL, 2);

    /// <summary>Repeats <paramref name="value"/> (in memory order, as stored on this machine) over <paramref name="run"/>, whose length is a multiple of 4.</summary>
    public static void Quads(Span<byte> run, uint value) => Repeat(run, value * 0x0000_0001_0000_0001UL, 4);

    private static void Repeat(Span<byte> run, ulong pattern, int unit)
    {
        ref var start = ref MemoryMarshal.GetReference(run);
        var length = (nuint)run.Length;
        nuint i = 0;
        for (; i + 32 <= length; i += 32)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, i), pattern);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, i + 8), pattern);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, i + 16), pattern);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, i + 24), pattern);
        }

        for (; i + 8 <= length; i += 8)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, i), pattern);
        }

        // The tail is whole units: the low bytes of the pattern, in memory order, unit by unit.
        for (; i < length; i += (nuint)unit)
        {
            if (unit == 2)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, i), (ushort)pattern);
            }
            else
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, i), (uint)pattern);
            }
        }
    }
}
