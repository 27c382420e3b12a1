using System.Text;
using CsCheck;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Y4m;
using PluggableDmaBuf.Tests.Fuzzing;

namespace PluggableDmaBuf.Plugins.Tests.Video.Y4m;

/// <summary>
/// Fuzzing of the Y4M parser, for a bounded time on every CI run: clips from the seed corpus
/// (<c>Video/Y4m/Corpus/*.y4m</c>), mutated, are opened as a file the way the capture stage opens
/// its source, and read. Whatever the bytes: the only error is <see cref="InvalidMediaException"/>,
/// and a file that <see cref="Y4mReader.Open"/> accepts plays, looping, without any error — the
/// promise that lets a run fail before it starts rather than part-way through.
/// </summary>
public sealed class Y4mReaderFuzzTests : IDisposable
{
    /// <summary>Frames larger than this are not read (the header alone may claim 16384x16384).</summary>
    private const int MaxFrameBytes = 1 << 20;

    private static readonly byte[][] s_tokens = new[]
    {
        "YUV4MPEG2 ", "FRAME\n", "FRAME ", "\n", " ", "W", "H", "F", "I", "A", "C", "X", "W0", "H16384", "W16385", "W-1", "F0:0", "F30:1",
        "A0:0", "Ip", "I?", "Ix", "C420jpeg", "C444", "C420p10", "XCOLORRANGE=FULL", "XCOLORRANGE=", "99999999999", ":", "\0",
    }.Select(Encoding.ASCII.GetBytes).ToArray();

    private readonly string _folder = Directory.CreateTempSubdirectory("pdmabuf-y4m-fuzz-").FullName;

    [Fact]
    public void Mutated_clips_fail_only_as_invalid_media_and_an_accepted_clip_always_plays()
    {
        var corpus = ByteMutations.Corpus(Path.Combine("Video", "Y4m", "Corpus"), "*.y4m");
        var path = Path.Combine(_folder, "clip.y4m");

        ByteMutations.Of(corpus, s_tokens).Sample(bytes => Play(path, bytes), time: ByteMutations.Seconds, threads: 1,
            print: bytes => Convert.ToHexString(bytes));
    }

    [Fact]
    public void Every_corpus_clip_gives_an_outcome()
    {
        var path = Path.Combine(_folder, "clip.y4m");
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Video", "Y4m", "Corpus"), "*.y4m"))
        {
            Play(path, File.ReadAllBytes(file));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void Play(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        Y4mReader reader;
        try
        {
            reader = Y4mReader.Open(path, loop: true);
        }
        catch (InvalidMediaException)
        {
            // Refused before any frame: the run would not have started.
            ReadAsStream(bytes);
            return;
        }

        using (reader)
        {
            if (reader.Header.FrameBytes > MaxFrameBytes)
            {
                return;
            }

            var planes = PlaneLayouts.For(PixelFormat.NV12, reader.Header.Width, reader.Header.Height);
            var buffer = new byte[PlaneLayouts.BufferLength(planes)];
            for (var i = 0; i < 5; i++)
            {
                Assert.True(reader.ReadFrame(buffer, PixelFormat.NV12, planes));
            }
        }
    }

    /// <summary>The same bytes through the stream reader, without the up-front check: errors come frame by frame, still only as invalid media.</summary>
    private static void ReadAsStream(byte[] bytes)
    {
        try
        {
            using var reader = new Y4mReader(new NonSeekableStream(bytes), "fuzz.y4m");
            if (reader.Header.FrameBytes > MaxFrameBytes)
            {
                return;
            }

            var planes = PlaneLayouts.For(PixelFormat.NV12, reader.Header.Width, reader.Header.Height);
            var buffer = new byte[PlaneLayouts.BufferLength(planes)];
            for (var i = 0; i < 5 && reader.ReadFrame(buffer, PixelFormat.NV12, planes); i++)
            {
            }
        }
        catch (InvalidMediaException)
        {
        }
    }
}
