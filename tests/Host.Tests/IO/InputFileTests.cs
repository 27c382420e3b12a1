using System.Net.Sockets;
using PluggableDmaBuf.IO;

namespace PluggableDmaBuf.Host.Tests.IO;

/// <summary>
/// The safe opener for user input files: only a regular file is read, nothing can block the open,
/// and the size limit holds whatever the file claims. Every case here would hang or exhaust memory
/// with <c>File.ReadAllText</c>.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pdmabuf-input-").FullName;

    [Fact]
    public void A_regular_file_is_read_whole()
    {
        var path = Write("a.json", "{}");

        Assert.True(InputFile.TryReadAll(path, 16, "a test", out var bytes, out var problem), problem);
        Assert.Equal("{}"u8.ToArray(), bytes);
    }

    [Fact]
    public void A_fifo_nobody_writes_is_refused_without_blocking()
    {
        var fifo = Fifo("request.json");

        // Opened without O_NONBLOCK this would wait for a writer for ever; the test host's hang
        // timeout would be the only way out.
        Assert.False(InputFile.TryReadAll(fifo, 16, "a test", out _, out var problem));
        Assert.Equal("is a FIFO, not a regular file", problem);
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/dev/null", "is a character device, not a regular file")]
    [InlineData("/", "is a directory")]
    [InlineData("/nonexistent-pdmabuf/x.json", "no such file")]
    [InlineData("/dev/null/x.json", "no such file (a part of the path is not a directory)")]
    [InlineData("", "not a usable file name")]
    public void A_file_that_is_not_a_readable_regular_file_says_what_it_is(string path, string expected)
    {
        Assert.False(InputFile.TryReadAll(path, 16, "a test", out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void A_socket_is_refused_as_a_socket()
    {
        var path = System.IO.Path.Combine(_folder, "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        Assert.False(InputFile.TryOpen(path, out _, out var problem));
        Assert.Equal("is a socket, not a regular file", problem);
    }

    [Fact]
    public void A_file_at_the_limit_is_read_and_one_byte_more_is_refused()
    {
        var atLimit = Write("at.json", new string(' ', 4096));
        var beyond = Write("beyond.json", new string(' ', 4097));

        Assert.True(InputFile.TryReadAll(atLimit, 4096, "a test", out var bytes, out _));
        Assert.Equal(4096, bytes.Length);
        Assert.False(InputFile.TryReadAll(beyond, 4096, "a test", out _, out var problem));
        Assert.Equal("larger than the 4 KiB limit for a test", problem);
    }

    [Fact]
    public void A_file_that_claims_no_size_is_still_held_to_the_limit()
    {
        // /proc files are regular files that report 0 bytes; the limit counts what is read.
        Assert.True(InputFile.TryReadAll("/proc/self/status", 1 << 20, "a test", out var whole, out var problem), problem);
        Assert.NotEmpty(whole);
        Assert.False(InputFile.TryReadAll("/proc/self/status", 16, "a test", out _, out problem));
        Assert.Equal("larger than the 16 bytes limit for a test", problem);
    }

    [Fact]
    public void The_opened_stream_is_an_ordinary_blocking_descriptor()
    {
        var path = Write("b.y4m", "YUV4MPEG2");

        Assert.True(InputFile.TryOpen(path, out var stream, out _));
        using (stream)
        {
            Assert.True(stream.CanSeek);
            Assert.Equal(9, stream.Length);
            Assert.Equal((byte)'Y', stream.ReadByte());
        }
    }

    [Fact]
    public void WhyNotRegular_tells_a_fifo_without_opening_it()
    {
        Assert.Equal("is a FIFO, not a regular file", InputFile.WhyNotRegular(Fifo("f")));
        Assert.Null(InputFile.WhyNotRegular(Write("r", "x")));
        Assert.Null(InputFile.WhyNotRegular(System.IO.Path.Combine(_folder, "missing")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Fifo(string name)
    {
        var path = System.IO.Path.Combine(_folder, name);
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
