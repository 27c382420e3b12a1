using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

public class BallPatternTests
{
    private static readonly (byte Y, byte U, byte V) s_ball = (YuvColour.FromRgb(255, 200, 0).Y, YuvColour.FromRgb(255, 200, 0).U, YuvColour.FromRgb(255, 200, 0).V);

    [Theory]
    [InlineData("NV12")]
    [InlineData("YU12")]
    [InlineData("YUYV")]
    public void The_ball_moves_between_frames(string fourCC)
    {
        var format = PixelFormat.Parse(fourCC);
        var (width, height) = (320, 180);
        var planes = PlaneLayouts.For(format, width, height, 3);

        (double X, double Y, int Count) Ball(long frame)
        {
            var buffer = new byte[PlaneLayouts.BufferLength(planes)];
            new TestPatternGenerator(TestPattern.Ball, format, width, height).Render(buffer, planes, frame);
            var points = (from y in Enumerable.Range(0, height)
                          from x in Enumerable.Range(0, width)
                          where YuvPixels.At(buffer, format, planes, x, y).Y == s_ball.Y
                          select (x, y)).ToList();
            return (points.Average(p => p.x), points.Average(p => p.y), points.Count);
        }

        var first = Ball(0);
        var later = Ball(7);

        Assert.True(first.Count > 100, $"ball too small: {first.Count} pixels");
        Assert.True(Math.Abs(first.X - later.X) > 10 && Math.Abs(first.Y - later.Y) > 5, $"ball did not move: {first} → {later}");
    }

    [Fact]
    public void The_ball_has_its_colour_in_luma_and_chroma()
    {
        var (width, height) = (64, 64);
        var planes = PlaneLayouts.For(PixelFormat.NV12, width, height);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];

        new TestPatternGenerator(TestPattern.Ball, PixelFormat.NV12, width, height).Render(buffer, planes, 0);

        // Frame 0: the ball (radius 6) starts in the middle, centred at (31, 31); its highlight is
        // up and to the left of the centre, so (33, 33) is plain ball colour.
        Assert.Equal(s_ball, YuvPixels.At(buffer, PixelFormat.NV12, planes, 33, 33));
    }
}
