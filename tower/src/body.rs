//! Bodies: the request body as the engine must treat it (sent again on a
//! 307/308, or a stream that cannot be), and the response body script gets.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;

use crate::error::BoxError;

/// A request body, read as far as a redirect needs.
#[derive(Debug)]
pub(crate) enum RequestBody<B> {
    /// No body (or an empty one).
    Empty,
    /// A body of known length, buffered so that a 307/308 can send it
    /// again: the spec's body with a non-null source (bytes, a blob).
    Replayable(Bytes),
    /// A body of unknown length, sent once: a `ReadableStream` body, whose
    /// source is null. `None` once sent.
    Stream(Option<B>),
}

/// The whole of `body`: its one data frame as it is (most bodies of
/// known length have one), or several joined. Trailers are dropped.
async fn read_to_end<B>(body: B) -> Result<Bytes, BoxError>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    let mut body = std::pin::pin!(body);
    let mut first = Bytes::new();
    let mut joined = BytesMut::new();
    while let Some(frame) = body.as_mut().frame().await {
        let Ok(mut data) = frame.map_err(Into::into)?.into_data() else {
            continue;
        };
        let chunk = data.copy_to_bytes(data.remaining());
        if first.is_empty() {
            first = chunk;
        } else {
            if joined.is_empty() {
                joined.extend_from_slice(&first);
            }
            joined.extend_from_slice(&chunk);
        }
    }
    Ok(if joined.is_empty() {
        first
    } else {
        joined.freeze()
    })
}

impl<B> RequestBody<B>
where
    B: Body + From<Bytes> + Default,
    B::Error: Into<BoxError>,
{
    /// Sorts `body` by its size hint: an exact length is buffered, an
    /// unknown one is a stream.
    pub(crate) async fn read(body: B) -> Result<Self, BoxError> {
        match body.size_hint().exact() {
            Some(0) if body.is_end_stream() => Ok(RequestBody::Empty),
            Some(_) => {
                let bytes = read_to_end(body).await?;
                Ok(if bytes.is_empty() {
                    RequestBody::Empty
                } else {
                    RequestBody::Replayable(bytes)
                })
            }
            None => Ok(RequestBody::Stream(Some(body))),
        }
    }

    /// What the engine's request gets as its body: none, bytes, or a stream.
    pub(crate) fn engine_body(&self) -> Option<fetch_cors::request::Body> {
        match self {
            RequestBody::Empty => None,
            RequestBody::Replayable(_) => Some(fetch_cors::request::Body::bytes(None)),
            RequestBody::Stream(_) => Some(fetch_cors::request::Body::stream()),
        }
    }
}

impl<B: From<Bytes> + Default> RequestBody<B> {
    /// The body for the next main request or redirect hop. The engine
    /// refuses to follow a redirect that would send a stream again, so a
    /// stream is asked for once.
    pub(crate) fn take(&mut self) -> B {
        match self {
            RequestBody::Empty => B::default(),
            RequestBody::Replayable(bytes) => B::from(bytes.clone()),
            RequestBody::Stream(body) => body.take().unwrap_or_default(),
        }
    }
}

pin_project_lite::pin_project! {
    /// The body of the response script sees: the network's body, or none
    /// for an `opaque` or `opaqueredirect` response, which script cannot
    /// read.
    ///
    /// ```
    /// use fetch_cors_tower::ResponseBody;
    /// use http_body::Body;
    /// let body: ResponseBody<String> = ResponseBody::empty();
    /// assert!(body.is_end_stream());
    /// assert!(ResponseBody::new("hello".to_owned()).size_hint().exact() == Some(5));
    /// ```
    #[derive(Debug)]
    pub struct ResponseBody<R> {
        #[pin]
        inner: Option<R>,
    }
}

impl<R> ResponseBody<R> {
    /// The network's body, passed through.
    pub fn new(body: R) -> Self {
        ResponseBody { inner: Some(body) }
    }

    /// No body.
    pub fn empty() -> Self {
        ResponseBody { inner: None }
    }

    /// The network's body, if script may read it.
    pub fn into_inner(self) -> Option<R> {
        self.inner
    }
}

impl<R: Body> Body for ResponseBody<R> {
    type Data = R::Data;
    type Error = R::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match self.project().inner.as_pin_mut() {
            Some(body) => body.poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), Body::size_hint)
    }
}

impl<B> RequestBody<B>
where
    B: Body + From<Bytes> + Default,
    B::Error: Into<BoxError>,
{
    /// `n` copies of this body, for fetching one request under several
    /// profiles; a stream is read to its end once and each copy is still a
    /// stream to the engine.
    pub(crate) async fn into_copies(self, n: usize) -> Result<Vec<Self>, BoxError> {
        let copy: fn(&Bytes) -> Self = match &self {
            RequestBody::Empty => |_| RequestBody::Empty,
            RequestBody::Replayable(_) => |b| RequestBody::Replayable(b.clone()),
            RequestBody::Stream(_) => |b| RequestBody::Stream(Some(B::from(b.clone()))),
        };
        let bytes = match self {
            RequestBody::Empty => Bytes::new(),
            RequestBody::Replayable(bytes) => bytes,
            RequestBody::Stream(body) => match body {
                Some(body) => read_to_end(body).await?,
                None => Bytes::new(),
            },
        };
        Ok((0..n).map(|_| copy(&bytes)).collect())
    }
}
