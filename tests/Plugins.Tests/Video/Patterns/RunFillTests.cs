using System.Runtime.InteropServices;
using CsCheck;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

public class RunFillTests
{
    private const byte Sentinel = 0x5A;

    [Fact]
    public void Each_fill_repeats_its_value_over_exactly_the_run_at_any_offset_and_length()
    {
        // Offsets break every alignment; lengths cover the empty run, the tail alone, one and several
        // 32-byte steps. Span<T>.Fill is the reference; the bytes around the run stay untouched.
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 15], Gen.Int[0, 300], Gen.UInt)
            .Sample((kind, offset, units, value) =>
            {
                var unit = kind switch { 0 => 1, 1 => 2, _ => 4 };
                var expected = new byte[offset + (units * unit) + 9];
                var actual = new byte[expected.Length];
                Array.Fill(expected, Sentinel);
                Array.Fill(actual, Sentinel);
                var run = actual.AsSpan(offset, units * unit);
                var reference = expected.AsSpan(offset, units * unit);
                switch (unit)
                {
                    case 1:
                        RunFill.Bytes(run, (byte)value);
                        reference.Fill((byte)value);
                        break;
                    case 2:
                        RunFill.Pairs(run, (ushort)value);
                        MemoryMarshal.Cast<byte, ushort>(reference).Fill((ushort)value);
                        break;
                    default:
                        RunFill.Quads(run, value);
                        MemoryMarshal.Cast<byte, uint>(reference).Fill(value);
                        break;
                }

                Assert.Equal(expected, actual);
            });
    }
}
