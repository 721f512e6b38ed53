package org.laguna.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.oidc.JwtVerifier;
import org.laguna.server.vo.VoRuntimes;
import org.laguna.spi.error.ErrorCode;

/**
 * In front of every route of a server of several VOs: decides the VO of a request and hands the
 * requests of a VO other than {@code def} to that VO's routes. The VO is the one
 * {@code X-Rucio-VO} names, else the one the token was issued in (Laguna's tokens of another VO
 * start with its name, see {@link AuthService#voOfToken}), else {@code def}. A token of one VO
 * sent with {@code X-Rucio-VO} naming another is refused (CannotAuthenticate), as is a VO not
 * served here. Inside a VO's catalogue the VO is {@code def}, so the VO's routes see
 * {@code X-Rucio-VO: def}; the VO's name is in the request attribute {@value #VO_ATTRIBUTE}.
 */
public final class VoDispatch implements Filter {
    /** The request attribute holding the VO a request was handed to. */
    public static final String VO_ATTRIBUTE = "laguna.vo";
    private static final String HEADER = "X-Rucio-VO";
    private static final String SESSION_COOKIE = "laguna_session";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VoRuntimes vos;

    public VoDispatch(VoRuntimes vos) {
        this.vos = Objects.requireNonNull(vos, "vos is null");
    }

    /** Puts the dispatch in front of every request of the server's servlet context. */
    public static void install(ServletContextHandler handler, VoRuntimes vos) {
        FilterHolder holder = new FilterHolder(new VoDispatch(vos));
        holder.setAsyncSupported(true);
        handler.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String asked = blankToNull(http.getHeader(HEADER));
        String token = token(http);
        String tokenVo = token == null || JwtVerifier.looksLikeJwt(token) ? null : AuthService.voOfToken(token);
        if (asked != null && tokenVo != null && !asked.equals(tokenVo)) {
            refuse((HttpServletResponse) response, "Cannot authenticate: the token was issued in VO '" + tokenVo
                    + "', the request is for VO '" + asked + "' (" + HEADER + ")");
            return;
        }
        String vo = asked != null ? asked : tokenVo != null ? tokenVo : AuthService.DEFAULT_VO;
        if (vo.equals(AuthService.DEFAULT_VO)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<VoRuntimes.Runtime> runtime = vos.get(vo);
        if (runtime.isEmpty()) {
            refuse((HttpServletResponse) response, "Cannot authenticate: VO '" + vo + "' is not served here");
            return;
        }
        http.setAttribute(VO_ATTRIBUTE, vo);
        runtime.get().servlet().service(new InsideVo(http), response);
    }

    /** The token of {@code X-Rucio-Auth-Token}, else of {@code Authorization: Bearer}, else of the web interface's session cookie. */
    private static String token(HttpServletRequest request) {
        String token = blankToNull(request.getHeader("X-Rucio-Auth-Token"));
        if (token != null) {
            return token;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return blankToNull(authorization.substring(7));
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(SESSION_COOKIE)) {
                    return blankToNull(cookie.getValue());
                }
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void refuse(HttpServletResponse response, String message) throws IOException {
        ErrorCode code = ErrorCode.CANNOT_AUTHENTICATE;
        Map<String, String> body = new LinkedHashMap<>();
        body.put("ExceptionClass", code.rucioClass());
        body.put("ExceptionMessage", message);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = new byte[0];
        }
        response.setStatus(code.httpStatus());
        response.setHeader(ErrorCode.HEADER, code.name());
        response.setHeader("ExceptionClass", code.rucioClass());
        response.setHeader("ExceptionMessage", message.replaceAll("[^\\x20-\\x7e]", "?"));
        response.setContentType("application/octet-stream");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The request as the VO's routes see it: in their catalogue, the VO is {@code def}. */
    private static final class InsideVo extends HttpServletRequestWrapper {
        InsideVo(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? AuthService.DEFAULT_VO : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(AuthService.DEFAULT_VO)) : super.getHeaders(name);
        }
    }
}
