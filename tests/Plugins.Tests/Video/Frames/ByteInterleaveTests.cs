using CsCheck;
using PluggableDmaBuf.Plugins.Video.Frames;

namespace PluggableDmaBuf.Plugins.Tests.Video.Frames;

public class ByteInterleaveTests
{
    [Fact]
    public void Interleaving_alternates_the_two_sources_at_every_length()
    {
        Gen.Int[0, 200].SelectMany(n => Gen.Select(Gen.Byte.Array[n], Gen.Byte.Array[n]))
            .Sample((even, odd) =>
            {
                var destination = new byte[(2 * even.Length) + 3];
                destination.AsSpan(2 * even.Length).Fill(0xEE);

                ByteInterleave.Interleave(even, odd, destination);

                for (var i = 0; i < even.Length; i++)
                {
                    if (destination[2 * i] != even[i] || destination[(2 * i) + 1] != odd[i])
                    {
                        return false;
                    }
                }

                return destination.AsSpan(2 * even.Length).IndexOfAnyExcept((byte)0xEE) < 0;
            }, iter: 300);
    }

    [Fact]
    public void Mismatched_lengths_are_refused() =>
        Assert.Throws<ArgumentException>(() => ByteInterleave.Interleave(new byte[4], new byte[3], new byte[8]));
}
