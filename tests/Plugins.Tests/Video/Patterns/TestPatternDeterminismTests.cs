using CsCheck;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

public class TestPatternDeterminismTests
{
    private static readonly PixelFormat[] s_formats = [PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV];

    // Sizes large enough for the four-digit counter to be fully visible (34 × 13 pixels at the smallest stroke).
    private static readonly Gen<(PixelFormat Format, int Width, int Height, TestPattern Pattern, long Frame, int Padding)> s_cases =
        Gen.Select(Gen.OneOfConst(s_formats), Gen.Int[40, 240], Gen.Int[16, 150], Gen.OneOfConst(TestPattern.Smpte, TestPattern.Ball), Gen.Long[0, 100_000], Gen.Int[0, 24])
            .Select(t => (t.Item1, t.Item1.RequiresEvenWidth ? t.Item2 & ~1 : t.Item2, t.Item3, t.Item4, t.Item5, t.Item6));

    [Fact]
    public void The_same_frame_index_always_renders_the_same_image()
    {
        s_cases.Sample(c =>
        {
            var planes = PlaneLayouts.For(c.Format, c.Width, c.Height, c.Padding);
            var length = PlaneLayouts.BufferLength(planes);
            var first = new byte[length];
            var second = new byte[length];
            Random.Shared.NextBytes(first);
            Random.Shared.NextBytes(second);
            var generator = new TestPatternGenerator(c.Pattern, c.Format, c.Width, c.Height);

            generator.Render(first, planes, c.Frame);
            new TestPatternGenerator(c.Pattern, c.Format, c.Width, c.Height).Render(second, planes, c.Frame);

            var visible = PlaneLayouts.VisibleMask(planes, length);
            for (var i = 0; i < length; i++)
            {
                if (visible[i] && first[i] != second[i])
                {
                    throw new InvalidOperationException($"{c}: byte {i} differs ({first[i]} vs {second[i]})");
                }
            }
        }, iter: 150);
    }

    [Fact]
    public void Consecutive_frames_always_differ()
    {
        s_cases.Sample(c =>
        {
            var planes = PlaneLayouts.For(c.Format, c.Width, c.Height, c.Padding);
            var length = PlaneLayouts.BufferLength(planes);
            var current = new byte[length];
            var next = new byte[length];
            var generator = new TestPatternGenerator(c.Pattern, c.Format, c.Width, c.Height);

            generator.Render(current, planes, c.Frame);
            generator.Render(next, planes, c.Frame + 1);

            return !current.AsSpan().SequenceEqual(next);
        }, iter: 150);
    }
}
